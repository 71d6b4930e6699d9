package io.slidestream.core.slide;

/** A slide path or reference that is refused before anything is opened: malformed, outside the roots, absent. */
public class SlidePathException extends RuntimeException {
    public SlidePathException(String message) {
        super(message);
    }
}
