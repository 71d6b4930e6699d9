package io.slidestream.core.grid;

/** The slide cannot be analysed with the profile asked for (too coarse, too small); the message says why. */
public class UnplannableSlideException extends RuntimeException {
    public UnplannableSlideException(String message) {
        super(message);
    }
}
