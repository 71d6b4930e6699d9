package io.slidestream.tiler.service;

import io.slidestream.tiler.config.TilerConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a requested slide path into a real file inside one of the configured slide roots. Symbolic
 * links and ".." are resolved first, so a path cannot escape the roots by naming.
 */
@ApplicationScoped
public class SlideLocator {
    private final List<Path> roots;

    public SlideLocator(TilerConfig config) {
        this.roots = config.slideRoots().stream().map(SlideLocator::realOrNormal).toList();
    }

    public Path locate(String requested) {
        if (requested == null || requested.isBlank()) {
            throw new SlideRejectedException("no slide path given");
        }
        Path path;
        try {
            path = Path.of(requested);
        } catch (InvalidPathException e) {
            throw new SlideRejectedException("not a valid path: " + requested);
        }
        if (!path.isAbsolute()) {
            throw new SlideRejectedException("slide path must be absolute: " + requested);
        }
        Path real = realOrNormal(path);
        if (roots.stream().noneMatch(real::startsWith)) {
            throw new SlideRejectedException("slide path " + requested + " is outside the slide roots " + roots);
        }
        if (!Files.isRegularFile(real)) {
            throw new SlideRejectedException("no slide file at " + requested);
        }
        return real;
    }

    private static Path realOrNormal(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
