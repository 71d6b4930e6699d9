package io.slidestream.core.slide.isolated;

import io.slidestream.core.slide.SlideException;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Inspecting a slide took longer than allowed; the child JVM doing it was killed and will be replaced.
 * The message reads "slide PATH: reader timed out after 30s".
 */
public class SlideReaderTimedOutException extends SlideException {
    private final Duration timeout;

    public SlideReaderTimedOutException(Path slide, Duration timeout) {
        super(slide, "reader timed out after " + format(timeout));
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
