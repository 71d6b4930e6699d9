package io.slidestream.inference.service;

/**
 * The model's input for one batch: for each model input (patch first, then contexts, in the model's
 * order), NHWC floats in [-1, 1]; plus which grid cell each row is.
 */
public record PatchTensors(int count, float[][] inputs, int[] cols, int[] rows) {
}
