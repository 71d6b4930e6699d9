package io.slidestream.aggregator.service;

/** The slide is not known (yet). */
public class SlideNotFoundException extends RuntimeException {

    SlideNotFoundException(String slideId) {
        super("unknown slide " + slideId);
    }
}
