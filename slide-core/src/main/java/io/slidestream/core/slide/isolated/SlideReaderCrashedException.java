package io.slidestream.core.slide.isolated;

import io.slidestream.core.slide.SlideException;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The child JVM reading a slide died while inspecting it. The slide is the likely cause; the reader has
 * already been replaced. The message reads "slide PATH: reader crashed (HOW) while inspecting it", HOW
 * being, e.g.:
 * <ul>
 *   <li>"signal 11, SIGSEGV, in C [libtiff.so.6+0x1b2c] TIFFFoo+0x5c; JVM exit code 1": a fault in native
 *       code, which the child JVM caught and reported before it exited (the usual way a crash in
 *       OpenSlide, libtiff or libjpeg shows);</li>
 *   <li>"signal 5, SIGTRAP; last words: GLib-ERROR **: ...: failed to allocate 549755813632 bytes": GLib
 *       aborted it (OpenSlide 3.4.1 allocates a tile buffer of the size a crafted TIFF claims);</li>
 *   <li>"signal 9, SIGKILL": killed from outside (e.g. the kernel's OOM killer) or by a signal the JVM
 *       does not catch;</li>
 *   <li>"exit code 1": it exited, or "hung up and was killed": it closed its output but did not exit.</li>
 * </ul>
 */
public class SlideReaderCrashedException extends SlideException {
    private final int exitCode;
    private final String signal;
    private final String nativeFault;
    private final String lastWords;

    /**
     * @param exitCode    the child's exit status as {@link Process#exitValue()} gives it (128 + signal for a
     *                    death by signal), or -1 when it had to be killed after it hung up
     * @param signal      the signal that ended it, e.g. "SIGSEGV" (from the JVM's fatal error report, else
     *                    from the exit status), or null
     * @param nativeFault the JVM's fatal error report in one line, or null when there was none
     * @param lastWords   the last line the child wrote to stderr while inspecting the slide, or null
     */
    public SlideReaderCrashedException(Path slide, String reason, int exitCode, String signal, String nativeFault,
                                       String lastWords) {
        super(slide, reason);
        this.exitCode = exitCode;
        this.signal = signal;
        this.nativeFault = nativeFault;
        this.lastWords = lastWords;
    }

    /** The child's exit status (128 + signal when a signal ended it), or -1 when it was killed after hanging up. */
    public int exitCode() {
        return exitCode;
    }

    /** The signal that brought the child down, e.g. "SIGSEGV" or "SIGKILL", if one did. */
    public Optional<String> signal() {
        return Optional.ofNullable(signal);
    }

    /**
     * The fault the child JVM reported before it exited, e.g. "signal 11, SIGSEGV, in C
     * [libtiff.so.6+0x1b2c] TIFFFoo+0x5c", if it reported one.
     */
    public Optional<String> nativeFault() {
        return Optional.ofNullable(nativeFault);
    }

    /**
     * The last line the child wrote to stderr while inspecting the slide, e.g. "GLib-ERROR **: ...: failed
     * to allocate 549755813632 bytes" when GLib aborted it; often the best clue to what went wrong.
     */
    public Optional<String> lastWords() {
        return Optional.ofNullable(lastWords);
    }
}
