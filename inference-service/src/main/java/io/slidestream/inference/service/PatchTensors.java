package io.slidestream.inference.service;

/**
 * The model's input for one batch: patches and their context patches as NHWC floats in [-1, 1], plus
 * which grid cell each row is.
 */
public record PatchTensors(int count, int size, float[] patches, float[] contexts, int[] cols, int[] rows) {
}
