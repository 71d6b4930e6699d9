package io.slidestream.tiler.service;

/** A slide request the tiler refuses before opening anything: bad path, outside the slide roots. */
public class SlideRejectedException extends RuntimeException {
    public SlideRejectedException(String message) {
        super(message);
    }
}
