package io.slidestream.tiler.rest;

/** Every error answer of the REST API: one human-readable reason. */
public record ApiError(String error) {
}
