package io.slidestream.core.slide.isolated;

import io.slidestream.core.slide.SlideException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real crash of OpenSlide 3.4.1, not a signal sent from outside: a TIFF whose level claims tiles of
 * 2^31 - 1 px makes OpenSlide ask GLib for a tile buffer of tile width × tile height × 4 bytes
 * (549755813632 for boxes.tiff's 64 px tile length); GLib cannot allocate it and aborts the process
 * with SIGTRAP. In-process that is the end of the service; through {@link IsolatedSlideReader} it is one
 * failed slide.
 *
 * <p>Recipe: boxes.tiff, first directory (level 0), TileWidth (tag 322) rewritten from SHORT 64 to
 * LONG 0x7FFFFFFF; OpenSlide opens it and aborts at the first read of level 0 (the same holds for
 * TileLength, for small.svs, and for any level that gets read).
 */
class RealCrashContainmentTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    static Path hugeTileWidth(Path source, Path target) throws IOException {
        byte[] bytes = Files.readAllBytes(source);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int ifd = b.getInt(4);
        int entries = Short.toUnsignedInt(b.getShort(ifd));
        for (int i = 0; i < entries; i++) {
            int entry = ifd + 2 + 12 * i;
            if (Short.toUnsignedInt(b.getShort(entry)) == 322) {
                b.putShort(entry + 2, (short) 4); // type LONG
                b.putInt(entry + 8, 0x7FFF_FFFF);
                Files.write(target, bytes);
                return target;
            }
        }
        throw new IllegalStateException(source + " has no TileWidth in its first directory");
    }

    @Test
    void openSlideAbortingOnACraftedTileSizeCostsThatSlideOnly() throws IOException {
        Path crafted = hugeTileWidth(Fixtures.slide("boxes.tiff"), dir.resolve("huge-tile-width.tiff"));
        try (IsolatedSlideReader reader = new IsolatedSlideReader(IsolatedSlideReader.Options.defaults()
                .withJvmArgs(List.of("-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"))))) {
            SlideInspection before = reader.inspect(Fixtures.slide("small.svs"), 64, TIMEOUT);
            long pid = reader.childPids().getFirst();

            SlideReaderCrashedException crash = assertThrows(SlideReaderCrashedException.class,
                    () -> reader.inspect(crafted, 2048, TIMEOUT));
            assertTrue(crash.getMessage().startsWith("slide " + crafted + ": reader crashed (signal 5, SIGTRAP; "
                    + "last words: GLib-ERROR"), crash.getMessage());
            assertEquals(133, crash.exitCode());
            assertEquals("SIGTRAP", crash.signal().orElseThrow());
            assertTrue(crash.lastWords().orElseThrow().endsWith("failed to allocate 549755813632 bytes"),
                    crash.getMessage());
            assertTrue(crash.nativeFault().isEmpty()); // GLib raised SIGTRAP itself; the JVM reported nothing

            // The next slide gets a fresh child and the same answer as before the crash.
            assertEquals(before, reader.inspect(Fixtures.slide("small.svs"), 64, TIMEOUT));
            assertNotEquals(pid, reader.childPids().getFirst());
            assertEquals(2, reader.childrenStarted());
        }
    }

    @Test
    void crashInALevelTheThumbnailDoesNotUseIsCaughtByTheLevelProbe() throws IOException {
        // Level 0 is crafted, the 100 px thumbnail comes from level 1: without the probe of every level the
        // inspection would pass and the tiler's first read of level 0 would bring it down.
        Path crafted = hugeTileWidth(Fixtures.slide("boxes.tiff"), dir.resolve("huge-tile-width-level-0.tiff"));
        try (IsolatedSlideReader reader = new IsolatedSlideReader(IsolatedSlideReader.Options.defaults()
                .withJvmArgs(List.of("-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"))))) {
            SlideException e = assertThrows(SlideReaderCrashedException.class,
                    () -> reader.inspect(crafted, 100, TIMEOUT));
            assertTrue(e.getMessage().contains("failed to allocate"), e.getMessage());
        }
    }
}
