package io.slidestream.aggregator.service;

import io.slidestream.core.events.SlideState;

/** A slide's outputs and verdict exist once it is COMPLETE; asked for earlier, this says where it is. */
public class SlideNotFinishedException extends RuntimeException {

    SlideNotFinishedException(String slideId, SlideState state, String what) {
        super("slide " + slideId + " is " + state + (state == SlideState.FAILED ? "" : ", not COMPLETE yet")
                + ": no " + what);
    }
}
