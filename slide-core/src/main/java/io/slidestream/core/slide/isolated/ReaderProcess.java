package io.slidestream.core.slide.isolated;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One child JVM running {@link SlideReaderMain}: its pipes, a thread that drains its stderr (so the child
 * can never block on a full pipe) into the logger at DEBUG while keeping the last lines, which are logged
 * at WARNING when the child crashes, and what is known about how it ended. Used by one thread at a time ({@link IsolatedSlideReader} serialises requests);
 * {@link #kill} and {@link #hangUp} may come from any thread.
 */
final class ReaderProcess {
    private static final System.Logger LOG = System.getLogger(IsolatedSlideReader.class.getName());
    private static final int TAIL_LINES = 200;
    private static final int MAX_LINE_CHARS = 4096;
    /** Child stderr lines logged per request; beyond that they are only counted (a crafted slide can spam). */
    private static final int LOGGED_LINES_PER_REQUEST = 100;
    private static final Pattern FAULT = Pattern.compile("#\\s+(SIG[A-Z0-9]+) \\(0x[0-9a-f]+\\).*");

    private final Process process;
    private final DataOutputStream toChild;
    private final DataInputStream fromChild;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private final CountDownLatch stderrDone = new CountDownLatch(1);
    private volatile int loggedLines;
    private volatile int suppressedLines;
    /** Lines written to stderr so far, and how many of them before the current request. */
    private long lines;
    private long linesBeforeRequest;
    private final long startNanos;
    private long readyNanos;
    private String openSlideVersion;

    private ReaderProcess(Process process) {
        this.process = process;
        this.startNanos = System.nanoTime();
        this.toChild = new DataOutputStream(process.getOutputStream());
        this.fromChild = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
        Thread.ofPlatform().daemon().name("slide-reader-stderr-" + process.pid())
                .start(() -> drainStderr(process.getErrorStream()));
    }

    /**
     * Starts the child and waits for its hello. Throws {@link IllegalStateException} with the child's
     * last stderr lines when it cannot start, exits, or is not ready within {@code startTimeout}.
     */
    static ReaderProcess start(List<String> command, Duration startTimeout, ScheduledExecutorService scheduler) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the slide reader " + command + ": " + e.getMessage(), e);
        }
        ReaderProcess child = new ReaderProcess(process);
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> kill;
        try {
            kill = scheduler.schedule(() -> {
                expired.set(true);
                process.destroyForcibly();
            }, startTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            process.destroyForcibly();
            throw new IllegalStateException("slide reader is closed", e);
        }
        try {
            ReaderProtocol.Hello hello = ReaderProtocol.readHello(child.fromChild);
            child.readyNanos = System.nanoTime();
            child.openSlideVersion = hello.openSlideVersion();
            if (hello.pid() != process.pid()) {
                LOG.log(Level.WARNING, () -> "slide reader reports pid " + hello.pid() + " but was started as pid "
                        + process.pid());
            }
        } catch (IOException e) {
            child.kill();
            int exit = child.awaitExit(Duration.ofSeconds(5));
            throw new IllegalStateException("slide reader " + (expired.get() ? "was not ready within "
                    + SlideReaderTimedOutException.format(startTimeout) : "did not start (" + describeExit(exit) + ", "
                    + e + ")") + "; command " + command + "; its stderr ends: " + String.join(" | ", child.tail()), e);
        } finally {
            kill.cancel(false);
        }
        return child;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** From process start to its hello: the JVM's start plus loading OpenSlide. */
    Duration startDuration() {
        return Duration.ofNanos(readyNanos - startNanos);
    }

    String openSlideVersion() {
        return openSlideVersion;
    }

    void sendInspect(long id, String path, int thumbnailMaxSide) throws IOException {
        loggedLines = 0;
        suppressedLines = 0;
        synchronized (tail) {
            linesBeforeRequest = lines;
        }
        ReaderProtocol.writeInspect(toChild, id, path, thumbnailMaxSide);
    }

    void sendReadRegion(long id, String path, RegionRead region) throws IOException {
        loggedLines = 0;
        suppressedLines = 0;
        synchronized (tail) {
            linesBeforeRequest = lines;
        }
        ReaderProtocol.writeReadRegion(toChild, id, path, region);
    }

    ReaderProtocol.Response receive(int maxThumbnailSide) throws IOException {
        return ReaderProtocol.readResponse(fromChild, maxThumbnailSide);
    }

    /** Kills the child at once (SIGKILL). */
    void kill() {
        process.destroyForcibly();
    }

    /** Asks the child to end (closes its stdin); it exits after the request it is doing. */
    void hangUp() {
        try {
            toChild.close();
        } catch (IOException e) {
            // already gone
        }
    }

    /** The exit status once it has exited within {@code wait}; otherwise kills it and returns -1. */
    int awaitExit(Duration wait) {
        try {
            if (process.waitFor(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        return -1;
    }

    /** Waits (briefly) until the child's stderr has been read to its end, so the tail holds its last words. */
    void awaitStderr(Duration wait) {
        try {
            stderrDone.await(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The last non-blank line the child wrote to stderr during the current request, e.g. GLib's
     * "GLib-ERROR **: ...: failed to allocate 549755813632 bytes" before it aborts; null if none.
     */
    String lastWords() {
        List<String> recent;
        synchronized (tail) {
            int since = (int) Math.min(tail.size(), lines - linesBeforeRequest);
            recent = List.copyOf(tail).subList(tail.size() - since, tail.size());
        }
        for (int i = recent.size() - 1; i >= 0; i--) {
            String line = recent.get(i).replaceFirst("^\\(process:\\d+\\): ", "").strip();
            if (!line.isEmpty()) {
                return line.length() > 300 ? line.substring(0, 300) + "..." : line;
            }
        }
        return null;
    }

    /** The last lines the child wrote to stderr. */
    List<String> tail() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    /** What a JVM's fatal error report says: the signal (or error), where, and whether kill(2) sent it. */
    record Fault(String signal, String frame, boolean sentByKill) {
        /** E.g. "signal 11, SIGSEGV, in C [libtiff.so.6+0x1b2c] TIFFFoo+0x5c"; "(sent by kill)" when it was. */
        String describe() {
            int number = signalNumber(signal);
            return (number > 0 ? "signal " + number + ", " : "") + signal + (frame == null ? "" : ", in " + frame)
                    + (sentByKill ? " (sent by kill)" : "");
        }
    }

    /** The child JVM's fatal error report, or null when it wrote none (killed outright, or no JVM crash). */
    Fault nativeFault() {
        return nativeFault(tail());
    }

    static Fault nativeFault(List<String> lines) {
        int banner = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("A fatal error has been detected by the Java Runtime Environment")) {
                banner = i;
            }
        }
        if (banner < 0) {
            return null;
        }
        String fault = null;
        String frame = null;
        boolean sentByKill = false;
        for (int i = banner + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher signal = FAULT.matcher(line);
            if (fault == null && signal.matches()) {
                fault = signal.group(1);
                sentByKill = line.contains("(sent by kill)");
            } else if (fault == null && line.startsWith("#  ") && !line.isBlank()) {
                fault = line.substring(1).trim(); // e.g. "Internal Error (...)" or "Out of Memory Error (...)"
            } else if (line.startsWith("# Problematic frame:") && i + 1 < lines.size()) {
                frame = lines.get(i + 1).substring(1).trim().replaceAll("\\s+", " ");
            }
        }
        return new Fault(fault == null ? "fatal error" : fault, frame, sentByKill);
    }

    /** "signal 11, SIGSEGV" for a death by signal, "exit code 3" otherwise, "still running" for -1. */
    static String describeExit(int exitCode) {
        if (exitCode < 0) {
            return "hung up and was killed";
        }
        if (exitCode > 128 && exitCode < 128 + 65) {
            int signal = exitCode - 128;
            return "signal " + signal + ", " + signalName(signal);
        }
        return "exit code " + exitCode;
    }

    /** The number of a signal named by {@link #signalName}, or -1. */
    static int signalNumber(String name) {
        for (int signal = 1; signal < 65; signal++) {
            if (signalName(signal).equals(name)) {
                return signal;
            }
        }
        return -1;
    }

    static String signalName(int signal) {
        return switch (signal) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 3 -> "SIGQUIT";
            case 4 -> "SIGILL";
            case 5 -> "SIGTRAP";
            case 6 -> "SIGABRT";
            case 7 -> "SIGBUS";
            case 8 -> "SIGFPE";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 13 -> "SIGPIPE";
            case 14 -> "SIGALRM";
            case 15 -> "SIGTERM";
            case 24 -> "SIGXCPU";
            case 25 -> "SIGXFSZ";
            case 31 -> "SIGSYS";
            default -> "SIG" + signal;
        };
    }

    private void drainStderr(InputStream err) {
        long pid = process.pid();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (err) {
            int n;
            while ((n = err.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n' || line.size() >= MAX_LINE_CHARS) {
                        emit(pid, line);
                        if (b == '\n') {
                            continue;
                        }
                    }
                    line.write(b);
                }
            }
        } catch (IOException e) {
            // the pipe closes when the child dies or is killed
        } finally {
            if (line.size() > 0) {
                emit(pid, line);
            }
            if (suppressedLines > 0) {
                int suppressed = suppressedLines;
                LOG.log(Level.DEBUG, () -> "slide-reader[" + pid + "]: " + suppressed + " more lines not logged");
            }
            stderrDone.countDown();
        }
    }

    private void emit(long pid, ByteArrayOutputStream bytes) {
        String text = bytes.toString(StandardCharsets.UTF_8).stripTrailing();
        bytes.reset();
        synchronized (tail) {
            if (tail.size() == TAIL_LINES) {
                tail.removeFirst();
            }
            tail.addLast(text);
            lines++;
        }
        if (loggedLines < LOGGED_LINES_PER_REQUEST) {
            loggedLines++;
            LOG.log(Level.DEBUG, () -> "slide-reader[" + pid + "]: " + text);
        } else {
            suppressedLines++;
        }
    }
}
