package io.slidestream.aggregator.service;

/** An image scale below 1 or one that would make the image too large. */
public class UnsupportedScaleException extends RuntimeException {

    public UnsupportedScaleException(String message) {
        super(message);
    }
}
