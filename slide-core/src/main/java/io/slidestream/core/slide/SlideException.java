package io.slidestream.core.slide;

import java.nio.file.Path;

/**
 * A slide could not be opened or read. The message always names the slide and, where OpenSlide gave
 * one, OpenSlide's own message, because that is what the engineer on call and the pathologist's
 * status page need to see.
 */
public class SlideException extends RuntimeException {
    private final Path slide;

    public SlideException(Path slide, String message) {
        super("slide " + slide + ": " + message);
        this.slide = slide;
    }

    public SlideException(Path slide, String message, Throwable cause) {
        super("slide " + slide + ": " + message, cause);
        this.slide = slide;
    }

    public Path slide() {
        return slide;
    }

    /**
     * The message with the host path (which OpenSlide's own messages repeat too) replaced by the slide
     * reference clients know, fit to publish: events never show where a service mounts its slides.
     */
    public String messageNaming(String reference) {
        return slide == null ? getMessage() : getMessage().replace(slide.toString(), reference);
    }
}
