package io.slidestream.core.slide.isolated;

import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.SlideException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IsolatedSlideReaderTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    /** 65536² px in one level: reading it all for a thumbnail takes far longer than any test waits. */
    private static Path endless;
    private static IsolatedSlideReader reader;
    private final SlideInspector inProcess = new SlideInspector();

    @BeforeAll
    static void setUp() throws IOException {
        endless = dir.resolve("endless.tiff");
        TestTiff.writeRepeatingSingleLevel(endless, 65536, 65536);
        reader = new IsolatedSlideReader();
    }

    /** Defaults, but crash reports of the children killed here go to the test's folder. */
    static IsolatedSlideReader.Options options() {
        return IsolatedSlideReader.Options.defaults()
                .withJvmArgs(List.of("-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log")));
    }

    @AfterAll
    static void tearDown() {
        reader.close();
    }

    @Test
    void childInspectionEqualsTheInProcessOne() throws IOException {
        Path pyramid = dir.resolve("pyramid.tiff");
        TestTiff.writePyramid(pyramid, 3000, 2000, 3);
        for (Path file : List.of(Fixtures.slide("boxes.tiff"), Fixtures.slide("small.svs"), pyramid)) {
            for (int maxSide : new int[] {2048, 100}) {
                assertEquals(inProcess.inspect(file, maxSide), reader.inspect(file, maxSide, TIMEOUT),
                        file + " at " + maxSide);
            }
        }
    }

    @Test
    void slideErrorsComeBackWithTheInProcessMessage() {
        for (Path file : List.of(Fixtures.slide("unopenable.tiff"), Fixtures.slide("unreadable.svs"),
                dir.resolve("missing.svs"))) {
            SlideException expected = assertThrows(SlideException.class, () -> inProcess.inspect(file, 256));
            SlideException actual = assertThrows(SlideException.class, () -> reader.inspect(file, 256, TIMEOUT));
            assertSame(SlideException.class, actual.getClass());
            assertEquals(expected.getMessage(), actual.getMessage());
            assertEquals(expected.slide(), actual.slide());
        }
        SlideException e = assertThrows(SlideException.class,
                () -> reader.inspect(Fixtures.slide("unopenable.tiff"), 256, TIMEOUT));
        assertTrue(e.getMessage().contains("Unsupported TIFF compression"), e.getMessage());
    }

    @Test
    void oneChildServesRequestAfterRequest() {
        try (IsolatedSlideReader own = new IsolatedSlideReader()) {
            own.inspect(Fixtures.slide("boxes.tiff"), 64, TIMEOUT);
            List<Long> pids = own.childPids();
            assertEquals(1, pids.size());
            assertThrows(SlideException.class, () -> own.inspect(Fixtures.slide("unreadable.svs"), 64, TIMEOUT));
            own.inspect(Fixtures.slide("small.svs"), 64, TIMEOUT);
            assertEquals(pids, own.childPids());
            assertEquals(1, own.childrenStarted());
        }
    }

    @Test
    void childKilledBySegvMidRequestIsACrashOfThatSlideAndTheNextRequestGetsANewChild() throws Exception {
        try (IsolatedSlideReader own = new IsolatedSlideReader(options())) {
            own.start();
            long pid = own.childPids().getFirst();
            CompletableFuture<SlideInspection> inspection =
                    CompletableFuture.supplyAsync(() -> own.inspect(endless, 2048, TIMEOUT));
            Thread.sleep(1500); // well into reading level 0
            assertFalse(inspection.isDone());
            Process kill = new ProcessBuilder("kill", "-SEGV", Long.toString(pid)).inheritIO().start();
            assertEquals(0, kill.waitFor());
            Throwable failure = assertThrows(Exception.class, () -> inspection.get(30, TimeUnit.SECONDS)).getCause();
            SlideReaderCrashedException crash = assertInstanceOf(SlideReaderCrashedException.class, failure,
                    failure::toString);
            assertTrue(crash.getMessage().startsWith("slide " + endless + ": reader crashed ("), crash.getMessage());
            // The JVM catches the SIGSEGV, reports it (on stderr: its stdout is the protocol) and exits.
            assertEquals("SIGSEGV", crash.signal().orElseThrow(), crash.getMessage());
            assertTrue(crash.getMessage().contains("signal 11, SIGSEGV"), crash.getMessage());
            assertTrue(crash.nativeFault().orElseThrow().endsWith("(sent by kill)"), crash.getMessage());

            SlideInspection next = own.inspect(Fixtures.slide("boxes.tiff"), 64, TIMEOUT);
            assertEquals(4, next.levelCount());
            assertEquals(2, own.childrenStarted());
            assertNotEquals(pid, own.childPids().getFirst());
        }
    }

    @Test
    void childDestroyedMidRequestIsACrashBySigkill() throws Exception {
        try (IsolatedSlideReader own = new IsolatedSlideReader()) {
            own.start();
            long pid = own.childPids().getFirst();
            CompletableFuture<SlideInspection> inspection =
                    CompletableFuture.supplyAsync(() -> own.inspect(endless, 2048, TIMEOUT));
            Thread.sleep(1000);
            assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly());
            Throwable failure = assertThrows(Exception.class, () -> inspection.get(30, TimeUnit.SECONDS)).getCause();
            SlideReaderCrashedException crash = assertInstanceOf(SlideReaderCrashedException.class, failure);
            assertEquals("slide " + endless + ": reader crashed (signal 9, SIGKILL) while inspecting it",
                    crash.getMessage());
            assertEquals(137, crash.exitCode());
            assertEquals("SIGKILL", crash.signal().orElseThrow());
            assertTrue(crash.nativeFault().isEmpty());
            assertEquals(4, own.inspect(Fixtures.slide("boxes.tiff"), 64, TIMEOUT).levelCount());
        }
    }

    @Test
    void slowSlideTimesOutAndTheNextRequestGetsANewChild() {
        try (IsolatedSlideReader own = new IsolatedSlideReader()) {
            own.start();
            long pid = own.childPids().getFirst();
            long before = System.nanoTime();
            SlideReaderTimedOutException e = assertThrows(SlideReaderTimedOutException.class,
                    () -> own.inspect(endless, 2048, Duration.ofSeconds(2)));
            assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(10));
            assertEquals("slide " + endless + ": reader timed out after 2s", e.getMessage());
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            assertEquals(1, own.inspect(Fixtures.slide("small.svs"), 64, TIMEOUT).levelCount());
            assertEquals(2, own.childrenStarted());
        }
    }

    @Test
    void closeEndsTheChildAndLaterRequestsAreRefused() {
        IsolatedSlideReader own = new IsolatedSlideReader();
        own.inspect(Fixtures.slide("boxes.tiff"), 64, TIMEOUT);
        ProcessHandle child = ProcessHandle.of(own.childPids().getFirst()).orElseThrow();
        own.close();
        assertFalse(child.isAlive());
        assertEquals(List.of(), own.childPids());
        assertThrows(IllegalStateException.class, () -> own.inspect(Fixtures.slide("boxes.tiff"), 64, TIMEOUT));
    }

    @Test
    void severalWorkersInspectAtOnce() throws Exception {
        try (IsolatedSlideReader own = new IsolatedSlideReader(IsolatedSlideReader.Options.defaults().withWorkers(2))) {
            SlideInspection expected = inProcess.inspect(Fixtures.slide("boxes.tiff"), 128);
            List<CompletableFuture<SlideInspection>> all = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                all.add(CompletableFuture.supplyAsync(() -> own.inspect(Fixtures.slide("boxes.tiff"), 128, TIMEOUT)));
            }
            for (CompletableFuture<SlideInspection> one : all) {
                assertEquals(expected, one.get(60, TimeUnit.SECONDS));
            }
            assertTrue(own.childrenStarted() <= 2);
        }
    }

    @Test
    void childThatCannotStartIsAnIllegalStateNamingWhy() {
        try (IsolatedSlideReader own = new IsolatedSlideReader(
                IsolatedSlideReader.Options.defaults().withClasspath(dir.resolve("nothing-here").toString()))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> own.inspect(Fixtures.slide("boxes.tiff"), 64, TIMEOUT));
            assertTrue(e.getMessage().contains("did not start"), e.getMessage());
            assertTrue(e.getMessage().contains(SlideReaderMain.class.getName()), e.getMessage());
        }
    }

    @Test
    void childCommandRunsThisJvmsJavaWithSlideCoresClassesAlone() {
        List<String> command = reader.command();
        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java").toString(), command.getFirst());
        int cp = command.indexOf("-cp");
        assertTrue(Path.of(command.get(cp + 1)).endsWith(Path.of("slide-core", "target", "classes")),
                command.get(cp + 1));
        assertEquals(SlideReaderMain.class.getName(), command.getLast());
        assertTrue(command.contains("--enable-native-access=ALL-UNNAMED"));
        assertTrue(command.contains("-Xmx512m"));
    }

    @Test
    void childRegionReadsAreTheAreaAverageOfTheLevelAndNeverReachPastThePyramid() throws IOException {
        Path pyramid = dir.resolve("region-pyramid.tiff");
        TestTiff.writePyramid(pyramid, 3000, 2000, 3);
        RgbImage level1 = Fixtures.readWholeLevel(pyramid, 1);
        // 600 x 400 px of level 1 from level-0 (400, 200), down to 254 x 170.
        RegionRead region = new RegionRead(1, 400, 200, 600, 400, 254, 170);
        RgbImage child = reader.readRegion(pyramid, region, TIMEOUT);
        Fixtures.assertPixelsClose(Fixtures.referenceAverage(level1.crop(200, 100, 600, 400), 254, 170), child, 1);
        // Again, from the child's open slide, and the same at level 0 as it is.
        Fixtures.assertPixelsClose(Fixtures.referenceAverage(level1.crop(200, 100, 600, 400), 254, 170),
                reader.readRegion(pyramid, region, TIMEOUT), 1);
        RgbImage level0 = Fixtures.readWholeLevel(pyramid, 0);
        Fixtures.assertPixelsClose(level0.crop(10, 20, 30, 40),
                reader.readRegion(pyramid, new RegionRead(0, 10, 20, 30, 40, 30, 40), TIMEOUT), 0);

        SlideException noLevel = assertThrows(SlideException.class,
                () -> reader.readRegion(pyramid, new RegionRead(7, 0, 0, 10, 10, 10, 10), TIMEOUT));
        assertTrue(noLevel.getMessage().contains("no level 7"), noLevel.getMessage());
        assertThrows(SlideException.class, () -> reader.readRegion(dir.resolve("missing.tiff"),
                new RegionRead(0, 0, 0, 10, 10, 10, 10), TIMEOUT));
        // The child is still the same one: errors on a slide are answers, not crashes.
        assertEquals(inProcess.inspect(pyramid, 100), reader.inspect(pyramid, 100, TIMEOUT));
    }
}
