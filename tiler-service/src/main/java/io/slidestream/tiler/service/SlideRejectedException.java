package io.slidestream.tiler.service;

/** A slide request the tiler refuses before opening anything: bad path, unknown profile, bad parameters. */
public class SlideRejectedException extends RuntimeException {
    public SlideRejectedException(String message) {
        super(message);
    }
}
