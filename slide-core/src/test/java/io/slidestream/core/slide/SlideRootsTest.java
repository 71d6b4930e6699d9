package io.slidestream.core.slide;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlideRootsTest {

    @Test
    void locatedFileBecomesAReferenceThatAnotherMountResolves(@TempDir Path tiler, @TempDir Path worker) throws IOException {
        Files.createDirectories(tiler.resolve("2026/11"));
        Files.writeString(tiler.resolve("2026/11/a.svs"), "x");
        Files.createDirectories(worker.resolve("2026/11"));
        Files.writeString(worker.resolve("2026/11/a.svs"), "x");

        SlideRoots tilerRoots = new SlideRoots(List.of(tiler));
        Path located = tilerRoots.locate(tiler.resolve("2026/11/a.svs").toString());
        String reference = tilerRoots.referenceOf(located);
        assertEquals("2026/11/a.svs", reference);
        assertEquals(worker.resolve("2026/11/a.svs").toRealPath(), new SlideRoots(List.of(worker)).resolve(reference));
    }

    @Test
    void referencesThatEscapeOrNameNothingAreRefused(@TempDir Path root, @TempDir Path outside) throws IOException {
        Files.writeString(outside.resolve("secret.svs"), "x");
        Files.createSymbolicLink(root.resolve("link.svs"), outside.resolve("secret.svs"));
        SlideRoots roots = new SlideRoots(List.of(root));
        assertThrows(SlidePathException.class, () -> roots.resolve("../" + outside.getFileName() + "/secret.svs"));
        assertThrows(SlidePathException.class, () -> roots.resolve(outside.resolve("secret.svs").toString()));
        assertThrows(SlidePathException.class, () -> roots.resolve("link.svs"), "a link out of the root");
        SlidePathException missing = assertThrows(SlidePathException.class, () -> roots.resolve("nope.svs"));
        assertTrue(missing.getMessage().contains("nope.svs") && !missing.getMessage().contains(root.toString()),
                "names the reference, not the host path: " + missing.getMessage());
        assertThrows(SlidePathException.class, () -> roots.resolve(" "));
    }

    @Test
    void requestedPathsMustBeAbsoluteInsideTheRootsAndExist(@TempDir Path root) {
        SlideRoots roots = new SlideRoots(List.of(root));
        assertTrue(assertThrows(SlidePathException.class, () -> roots.locate("a.svs")).getMessage().contains("absolute"));
        assertTrue(assertThrows(SlidePathException.class, () -> roots.locate("/etc/passwd")).getMessage()
                .contains("outside the slide roots"));
        assertTrue(assertThrows(SlidePathException.class, () -> roots.locate(root + "/../../etc/passwd")).getMessage()
                .contains("outside the slide roots"));
        assertTrue(assertThrows(SlidePathException.class, () -> roots.locate(root + "/none.svs")).getMessage()
                .contains("no slide file"));
        assertTrue(assertThrows(SlidePathException.class, () -> roots.locate(null)).getMessage().contains("no slide path"));
    }
}
