package io.slidestream.aggregator.service;

/** The slide, or the part of it asked for, is not known (yet). */
public class SlideNotFoundException extends RuntimeException {

    private SlideNotFoundException(String message) {
        super(message);
    }

    static SlideNotFoundException unknown(String slideId) {
        return new SlideNotFoundException("unknown slide " + slideId);
    }

    static SlideNotFoundException withoutManifest(String slideId) {
        return new SlideNotFoundException("slide " + slideId + " has no manifest yet, so no grid");
    }
}
