package io.slidestream.core.slide.isolated;

import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.SlideException;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Inspects untrusted slides in child JVMs ({@link SlideReaderMain}), so that OpenSlide, libtiff or
 * libjpeg crashing on a crafted file costs that slide and nothing else: the crash comes back as a
 * {@link SlideReaderCrashedException}, a hang as a {@link SlideReaderTimedOutException}, and the next
 * request gets a fresh child.
 *
 * <p>Children start lazily (or with {@link #start()}) and are reused for request after request; each
 * does one slide at a time, and requests beyond {@link Options#workers()} wait for a free child. The
 * child runs the same {@code java} as this JVM with slide-core's own jar or class folder as its whole
 * classpath (see {@link #command()}). Thread-safe.
 */
public final class IsolatedSlideReader implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(IsolatedSlideReader.class.getName());
    /** How long a child has to exit after it hung up or was told to, before it is killed. */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(5);
    /** Lines of a crashed child's stderr that go into the log. */
    private static final int CRASH_LOG_LINES = 40;

    /**
     * How the children run.
     *
     * @param javaBinary   the {@code java} to run; null: this JVM's ({@code java.home}/bin/java, else
     *                     this process's command)
     * @param classpath    the child's classpath; null: where {@link SlideReaderMain} was loaded from
     * @param maxHeap      the child's {@code -Xmx}, e.g. "512m"
     * @param jvmArgs      more JVM flags for the child, after the defaults (so they can override them)
     * @param workers      children, i.e. slides inspected at once
     * @param startTimeout how long a child may take to start and load OpenSlide
     */
    public record Options(Path javaBinary, String classpath, String maxHeap, List<String> jvmArgs, int workers,
                          Duration startTimeout) {
        public Options {
            Objects.requireNonNull(maxHeap, "maxHeap");
            jvmArgs = List.copyOf(jvmArgs);
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be >= 1, got " + workers);
            }
            if (startTimeout.isNegative() || startTimeout.isZero()) {
                throw new IllegalArgumentException("startTimeout must be positive, got " + startTimeout);
            }
        }

        /** This JVM's java, slide-core's classpath, -Xmx512m, one worker, 60 s to start. */
        public static Options defaults() {
            return new Options(null, null, "512m", List.of(), 1, Duration.ofSeconds(60));
        }

        public Options withJavaBinary(Path value) {
            return new Options(value, classpath, maxHeap, jvmArgs, workers, startTimeout);
        }

        public Options withClasspath(String value) {
            return new Options(javaBinary, value, maxHeap, jvmArgs, workers, startTimeout);
        }

        public Options withMaxHeap(String value) {
            return new Options(javaBinary, classpath, value, jvmArgs, workers, startTimeout);
        }

        public Options withJvmArgs(List<String> value) {
            return new Options(javaBinary, classpath, maxHeap, value, workers, startTimeout);
        }

        public Options withWorkers(int value) {
            return new Options(javaBinary, classpath, maxHeap, jvmArgs, value, startTimeout);
        }

        public Options withStartTimeout(Duration value) {
            return new Options(javaBinary, classpath, maxHeap, jvmArgs, workers, value);
        }
    }

    private final List<String> command;
    private final Duration startTimeout;
    private final BlockingQueue<Slot> idle;
    private final Set<ReaderProcess> live = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor scheduler;
    private final AtomicLong requestIds = new AtomicLong();
    private final AtomicLong started = new AtomicLong();
    private volatile boolean closed;

    /** With {@link Options#defaults()}. */
    public IsolatedSlideReader() {
        this(Options.defaults());
    }

    /** Resolves the child's command now (failing with {@link IllegalStateException} if it cannot); starts nothing. */
    public IsolatedSlideReader(Options options) {
        this.command = command(options);
        this.startTimeout = options.startTimeout();
        this.idle = new ArrayBlockingQueue<>(options.workers());
        for (int i = 0; i < options.workers(); i++) {
            idle.add(new Slot());
        }
        this.scheduler = new ScheduledThreadPoolExecutor(1,
                r -> Thread.ofPlatform().daemon().name("slide-reader-watchdog").unstarted(r));
        scheduler.setRemoveOnCancelPolicy(true);
    }

    /**
     * Inspects {@code file} in a child JVM, as {@link SlideInspector#inspect} would in this one.
     *
     * @param timeout how long the child may work on it (waiting for a free child does not count)
     * @throws SlideReaderCrashedException  the child died while inspecting it
     * @throws SlideReaderTimedOutException the child took longer than {@code timeout} and was killed
     * @throws SlideException               the slide cannot be opened or read (OpenSlide's reason, the same
     *                                      message as in-process), or the child failed on it
     * @throws IllegalStateException        no child could be started, or this reader is closed
     */
    public SlideInspection inspect(Path file, int thumbnailMaxSide, Duration timeout) {
        SlideInspector.checkMaxSide(thumbnailMaxSide);
        Path path = file.toAbsolutePath().normalize();
        return exchange(path, timeout, "inspecting",
                (child, id) -> child.sendInspect(id, path.toString(), thumbnailMaxSide), thumbnailMaxSide).inspection();
    }

    /**
     * Reads a region of {@code file}'s main pyramid in a child JVM, area-averaged down to the region's
     * target size (see {@link RegionRead}). Children keep the last few slides open, so a viewer's tile after
     * tile costs no reopening. Associated images (label, macro) cannot be asked for.
     *
     * @param timeout how long the child may work on it (waiting for a free child does not count)
     * @throws SlideReaderCrashedException  the child died while reading it
     * @throws SlideReaderTimedOutException the child took longer than {@code timeout} and was killed
     * @throws SlideException               the slide cannot be opened or read, or has no such level
     * @throws IllegalStateException        no child could be started, or this reader is closed
     */
    public RgbImage readRegion(Path file, RegionRead region, Duration timeout) {
        Path path = file.toAbsolutePath().normalize();
        return exchange(path, timeout, "reading a region of",
                (child, id) -> child.sendReadRegion(id, path.toString(), region), RegionRead.MAX_TARGET_SIDE).region();
    }

    /** Sends one request to a child. */
    @FunctionalInterface
    private interface Sender {
        void send(ReaderProcess child, long id) throws IOException;
    }

    private ReaderProtocol.Response exchange(Path path, Duration timeout, String doing, Sender sender, int maxSide) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        Slot slot = takeSlot();
        try {
            return exchangeOn(slot, path, timeout, doing, sender, maxSide);
        } finally {
            idle.add(slot);
        }
    }

    /** Starts the idle children now rather than at their first request (e.g. at service start-up). */
    public void start() {
        List<Slot> taken = new ArrayList<>();
        try {
            for (Slot slot; (slot = idle.poll()) != null; ) {
                taken.add(slot);
                child(slot);
            }
        } finally {
            idle.addAll(taken);
        }
    }

    /** Process ids of the running children. */
    public List<Long> childPids() {
        return live.stream().map(ReaderProcess::pid).sorted().toList();
    }

    /** How many children have been started so far (the first, and one after each crash or timeout). */
    public long childrenStarted() {
        return started.get();
    }

    /** The command line a child is started with: java binary, JVM flags, classpath, main class. */
    public List<String> command() {
        return command;
    }

    /** Ends the children (an inspection in progress fails with {@link IllegalStateException}). */
    @Override
    public void close() {
        closed = true;
        List<ReaderProcess> children = List.copyOf(live);
        children.forEach(ReaderProcess::hangUp);
        for (ReaderProcess child : children) {
            child.awaitExit(Duration.ofSeconds(2));
            live.remove(child);
        }
        scheduler.shutdownNow();
    }

    private ReaderProtocol.Response exchangeOn(Slot slot, Path path, Duration timeout, String doing, Sender sender,
                                               int maxSide) {
        long id = requestIds.incrementAndGet();
        ReaderProcess child = child(slot);
        try {
            sender.send(child, id);
        } catch (IOException e) {
            // It died while idle (or just now, before reading a byte of this request): not this slide's doing.
            String exit = ReaderProcess.describeExit(child.awaitExit(EXIT_WAIT));
            LOG.log(Level.WARNING, () -> "slide reader pid " + child.pid() + " was gone before it got a request ("
                    + exit + "); starting another");
            discard(slot, child);
            ReaderProcess fresh = child(slot);
            try {
                sender.send(fresh, id);
            } catch (IOException again) {
                discard(slot, fresh);
                throw new IllegalStateException("a fresh slide reader did not take a request: " + again, again);
            }
            return await(slot, fresh, id, path, maxSide, timeout, doing);
        }
        return await(slot, child, id, path, maxSide, timeout, doing);
    }

    private ReaderProtocol.Response await(Slot slot, ReaderProcess child, long id, Path path, int maxSide,
                                          Duration timeout, String doing) {
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> kill;
        try {
            kill = scheduler.schedule(() -> {
                expired.set(true);
                child.kill();
            }, saturatedNanos(timeout), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) { // closed meanwhile
            discard(slot, child);
            throw new IllegalStateException("slide reader closed while " + doing + " " + path, e);
        }
        ReaderProtocol.Response response;
        try {
            response = child.receive(maxSide);
        } catch (IOException e) {
            kill.cancel(false);
            if (expired.get()) {
                // Its pipe closes as it dies, before the JVM has reaped it: wait, so a timed-out reader is gone.
                child.awaitExit(Duration.ofSeconds(5));
                discard(slot, child);
                LOG.log(Level.WARNING, () -> "slide reader pid " + child.pid() + " killed after "
                        + SlideReaderTimedOutException.format(timeout) + " on " + path);
                throw new SlideReaderTimedOutException(path, timeout);
            }
            if (closed) {
                discard(slot, child);
                throw new IllegalStateException("slide reader closed while " + doing + " " + path);
            }
            if (e instanceof ReaderProtocol.ProtocolException && child.awaitExit(Duration.ofSeconds(2)) < 0) {
                // Garbage from a child that is still alive (awaitExit killed it): not a crash.
                discard(slot, child);
                throw new SlideException(path, "reader sent a malformed response (" + e.getMessage() + ")");
            }
            throw crashed(slot, child, path, doing);
        } finally {
            kill.cancel(false);
        }
        if (expired.get()) {
            discard(slot, child); // answered, but killed just as it did: replace it next time
        }
        if (response.id() != id) {
            child.kill();
            discard(slot, child);
            throw new SlideException(path, "reader answered request " + response.id() + " instead of " + id);
        }
        return switch (response.status()) {
            case ReaderProtocol.OK, ReaderProtocol.REGION -> {
                if ((response.status() == ReaderProtocol.REGION) != (response.region() != null)
                        || (response.inspection() == null) == (response.region() == null)
                        || (maxSide == RegionRead.MAX_TARGET_SIDE) != (response.region() != null)) {
                    child.kill();
                    discard(slot, child);
                    throw new SlideException(path, "reader answered with the wrong kind of response");
                }
                yield response;
            }
            case ReaderProtocol.SLIDE_ERROR ->
                    throw new SlideException(response.slide().isEmpty() ? path : Path.of(response.slide()),
                            response.reason());
            default -> {
                if (response.fatal()) {
                    child.awaitExit(EXIT_WAIT);
                    discard(slot, child);
                }
                throw new SlideException(path, "reader failed: " + response.className() + ": " + response.message());
            }
        };
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private SlideReaderCrashedException crashed(Slot slot, ReaderProcess child, Path path, String doing) {
        int exit = child.awaitExit(EXIT_WAIT);
        child.awaitStderr(Duration.ofSeconds(2));
        ReaderProcess.Fault fault = child.nativeFault();
        String lastWords = child.lastWords();
        discard(slot, child);
        String how = fault != null ? fault.describe() + "; JVM " + ReaderProcess.describeExit(exit)
                : ReaderProcess.describeExit(exit) + (lastWords == null ? "" : "; last words: " + lastWords);
        List<String> tail = child.tail();
        LOG.log(Level.WARNING, () -> "slide reader pid " + child.pid() + " crashed (" + how + ") " + doing + " " + path
                + "; it was replaced. " + (tail.stream().allMatch(String::isBlank) ? "It wrote nothing to stderr."
                : "Its stderr ended:\n  " + String.join("\n  ",
                        tail.subList(Math.max(0, tail.size() - CRASH_LOG_LINES), tail.size()))));
        String signal = fault != null ? fault.signal()
                : exit > 128 && exit < 128 + 65 ? ReaderProcess.signalName(exit - 128) : null;
        return new SlideReaderCrashedException(path, "reader crashed (" + how + ") while " + doing + " it", exit, signal,
                fault == null ? null : fault.describe(), lastWords);
    }

    /** The slot's child, started if it has none or it died while idle. */
    private ReaderProcess child(Slot slot) {
        if (closed) {
            throw new IllegalStateException("slide reader is closed");
        }
        ReaderProcess child = slot.child;
        if (child != null && child.isAlive()) {
            return child;
        }
        if (child != null) {
            String exit = ReaderProcess.describeExit(child.awaitExit(EXIT_WAIT));
            LOG.log(Level.WARNING, () -> "slide reader pid " + child.pid() + " ended while idle (" + exit
                    + "); starting another");
            discard(slot, child);
        }
        ReaderProcess fresh = ReaderProcess.start(command, startTimeout, scheduler);
        live.add(fresh);
        started.incrementAndGet();
        slot.child = fresh;
        if (closed) { // closed while it started: do not leave it behind
            discard(slot, fresh);
            throw new IllegalStateException("slide reader is closed");
        }
        LOG.log(Level.DEBUG, () -> "slide reader pid " + fresh.pid() + " ready in " + fresh.startDuration().toMillis()
                + " ms (OpenSlide " + fresh.openSlideVersion() + ")");
        return fresh;
    }

    private void discard(Slot slot, ReaderProcess child) {
        if (slot.child == child) {
            slot.child = null;
        }
        live.remove(child);
        child.hangUp();
        if (child.isAlive()) {
            child.kill();
        }
    }

    private Slot takeSlot() {
        if (closed) {
            throw new IllegalStateException("slide reader is closed");
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return idle.take();
                } catch (InterruptedException e) {
                    interrupted = true; // inspections are bounded by their timeouts; keep waiting
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A worker place: holds at most one child, used by one request at a time. */
    private static final class Slot {
        ReaderProcess child;
    }

    // --- the child's command line --------------------------------------------------------------------

    static List<String> command(Options options) {
        Path java = options.javaBinary() != null ? options.javaBinary() : javaBinary();
        String classpath = options.classpath() != null ? options.classpath() : classpathOf(SlideReaderMain.class);
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("-Xmx" + options.maxHeap());
        command.add("-XX:+UseSerialGC");
        command.add("-Xshare:auto");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-Djava.awt.headless=true");
        // stdout carries the protocol: every message of the JVM itself, even its crash report, goes to stderr.
        command.add("-XX:+DisplayVMOutputToStderr");
        command.add("-Xlog:disable");
        command.add("-Xlog:all=warning:stderr");
        // A crash is expected from time to time: no core dumps; the report goes to the temp folder.
        command.add("-XX:-CreateCoredumpOnCrash");
        command.add("-XX:ErrorFile=" + Path.of(System.getProperty("java.io.tmpdir"), "slidestream-reader-hs_err_pid%p.log"));
        command.addAll(options.jvmArgs());
        command.add("-cp");
        command.add(classpath);
        command.add(SlideReaderMain.class.getName());
        return List.copyOf(command);
    }

    /** This JVM's java: {@code java.home}/bin/java, else the command this process was started with. */
    static Path javaBinary() {
        Path fromHome = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(fromHome)) {
            return fromHome;
        }
        Path command = ProcessHandle.current().info().command().map(Path::of).orElse(null);
        if (command != null && command.getFileName().toString().startsWith("java") && Files.isExecutable(command)) {
            return command;
        }
        throw new IllegalStateException("cannot find the java binary (java.home " + System.getProperty("java.home")
                + ", command " + command + "); set IsolatedSlideReader.Options.javaBinary");
    }

    /**
     * The jar or class folder {@code type} was loaded from: its code source (a plain JUnit run gives
     * target/classes; a Quarkus fast-jar gives quarkus-app/lib/main/io.slidestream.slide-core-*.jar), else
     * the location of its class file as a resource.
     */
    static String classpathOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        Path fromCodeSource = source == null || source.getLocation() == null ? null : localPath(source.getLocation(), "");
        if (fromCodeSource != null && Files.exists(fromCodeSource)) {
            return fromCodeSource.toString();
        }
        String resource = type.getName().replace('.', '/') + ".class";
        URL url = type.getClassLoader() == null ? null : type.getClassLoader().getResource(resource);
        Path fromResource = url == null ? null : localPath(url, resource);
        if (fromResource != null && Files.exists(fromResource)) {
            return fromResource.toString();
        }
        throw new IllegalStateException("cannot tell where " + type.getName() + " was loaded from (code source "
                + (source == null ? null : source.getLocation()) + ", resource " + url
                + "); set IsolatedSlideReader.Options.classpath");
    }

    /** A file: or jar:file: URL as the jar or folder it points into; {@code entry} is stripped from folders. */
    static Path localPath(URL url, String entry) {
        try {
            String text = url.toString();
            if (text.startsWith("jar:")) {
                int bang = text.indexOf("!/");
                String jar = bang < 0 ? text.substring(4) : text.substring(4, bang);
                return jar.startsWith("file:") ? Path.of(new URI(jar)) : null;
            }
            if (!text.startsWith("file:")) {
                return null;
            }
            Path path = Path.of(url.toURI());
            if (!entry.isEmpty() && path.endsWith(entry)) {
                for (int i = 0; i < Path.of(entry).getNameCount(); i++) {
                    path = path.getParent();
                }
            }
            return path;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
