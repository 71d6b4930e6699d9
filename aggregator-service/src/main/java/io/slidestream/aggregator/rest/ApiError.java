package io.slidestream.aggregator.rest;

/** The JSON body of an error response. */
public record ApiError(String error) {
}
