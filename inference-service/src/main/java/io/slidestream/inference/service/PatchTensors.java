package io.slidestream.inference.service;

/**
 * The model's input for one model call: for each model input (patch first, then contexts, in the model's
 * order), {@code count} images as NHWC floats, normalised as the package says.
 */
public record PatchTensors(int count, float[][] inputs) {
}
