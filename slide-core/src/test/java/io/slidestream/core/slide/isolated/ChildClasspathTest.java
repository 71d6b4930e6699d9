package io.slidestream.core.slide.isolated;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the child's classpath comes from, in a plain run (class folder) and in a packaged app (jar). */
class ChildClasspathTest {
    private static final String ENTRY = SlideReaderMain.class.getName().replace('.', '/') + ".class";

    @TempDir
    Path dir;

    @Test
    void inAPlainRunItIsSlideCoresClassFolder() {
        Path classes = Path.of(IsolatedSlideReader.classpathOf(SlideReaderMain.class));
        assertTrue(Files.isDirectory(classes), classes.toString());
        assertTrue(Files.isRegularFile(classes.resolve(ENTRY)), classes.toString());
    }

    /**
     * As in a Quarkus fast-jar (quarkus-app/lib/main/io.slidestream.slide-core-VERSION.jar, loaded by a
     * class loader whose code source is the jar's file URL): the reader is loaded from the jar by a class
     * loader of its own, finds the jar, and its child runs from that jar alone.
     */
    @Test
    @SuppressWarnings("unchecked")
    void inAPackagedAppItIsTheJarTheReaderWasLoadedFrom() throws Exception {
        Path jar = jarOfSlideCore(dir.resolve("quarkus app/lib/main/io.slidestream.slide-core-0.1.0-SNAPSHOT.jar"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> readerClass = loader.loadClass(IsolatedSlideReader.class.getName());
            assertNotSame(IsolatedSlideReader.class, readerClass);
            AutoCloseable reader = (AutoCloseable) readerClass.getConstructor().newInstance();
            try (reader) {
                List<String> command = (List<String>) readerClass.getMethod("command").invoke(reader);
                assertEquals(jar.toString(), command.get(command.indexOf("-cp") + 1));
                Object inspection = readerClass.getMethod("inspect", Path.class, int.class, Duration.class)
                        .invoke(reader, Fixtures.slide("boxes.tiff"), 64, Duration.ofSeconds(60));
                assertEquals(4, inspection.getClass().getMethod("levelCount").invoke(inspection));
            }
        }
    }

    @Test
    void resourceUrlsAreTurnedIntoTheJarOrFolderHoldingThem() throws Exception {
        assertEquals(Path.of("/opt/app/lib/main/core.jar"),
                IsolatedSlideReader.localPath(new URL("jar:file:/opt/app/lib/main/core.jar!/" + ENTRY), ENTRY));
        assertEquals(Path.of("/opt/my app/classes"),
                IsolatedSlideReader.localPath(new URL("file:/opt/my%20app/classes/" + ENTRY), ENTRY));
        assertEquals(Path.of("/opt/app/core.jar"),
                IsolatedSlideReader.localPath(new URL("file:/opt/app/core.jar"), ""));
        assertNull(IsolatedSlideReader.localPath(new URL("http://example.org/core.jar"), ""));
    }

    /** slide-core's classes, as the build's jar holds them. */
    private static Path jarOfSlideCore(Path jar) throws IOException {
        Path classes = Path.of(IsolatedSlideReader.classpathOf(SlideReaderMain.class));
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
