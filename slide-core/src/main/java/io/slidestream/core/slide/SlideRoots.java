package io.slidestream.core.slide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The folders a service may read slides from. The tiler turns a requested absolute path into a slide
 * reference (the path relative to the root holding it); events carry only that reference, and every
 * service resolves it inside its own roots, which may be mounted elsewhere. Symbolic links and ".." are
 * resolved before the check, so no name escapes the roots.
 */
public final class SlideRoots {
    private final List<Path> roots;

    public SlideRoots(List<Path> roots) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("at least one slide root is needed");
        }
        this.roots = roots.stream().map(SlideRoots::realOrNormal).toList();
    }

    /**
     * The file at an absolute path requested by a client, checked to lie inside the roots.
     *
     * @throws SlidePathException with a reason fit to show the client
     */
    public Path locate(String requested) {
        if (requested == null || requested.isBlank()) {
            throw new SlidePathException("no slide path given");
        }
        Path path = parse(requested);
        if (!path.isAbsolute()) {
            throw new SlidePathException("slide path must be absolute: " + requested);
        }
        Path real = realOrNormal(path);
        if (rootOf(real).isEmpty()) {
            throw new SlidePathException("slide path " + requested + " is outside the slide roots");
        }
        if (!Files.isRegularFile(real)) {
            throw new SlidePathException("no slide file at " + requested);
        }
        return real;
    }

    /** The reference events carry for a file {@link #locate} returned: its path below its root. */
    public String referenceOf(Path located) {
        Path root = rootOf(located).orElseThrow(() -> new SlidePathException("not inside the slide roots"));
        return root.relativize(located).toString();
    }

    /**
     * The file a slide reference names, searching the roots in order.
     *
     * @throws SlidePathException when the reference is malformed, escapes the roots, or names no file
     */
    public Path resolve(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new SlidePathException("no slide reference given");
        }
        Path relative = parse(reference);
        if (relative.isAbsolute() || relative.normalize().startsWith("..")) {
            throw new SlidePathException("slide reference " + reference + " is not a path inside the slide roots");
        }
        for (Path root : roots) {
            Path real = realOrNormal(root.resolve(relative));
            if (real.startsWith(root) && Files.isRegularFile(real)) {
                return real;
            }
        }
        throw new SlidePathException("slide " + reference + " is not in the slide roots");
    }

    private Optional<Path> rootOf(Path real) {
        return roots.stream().filter(real::startsWith).findFirst();
    }

    private static Path parse(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new SlidePathException("not a valid path: " + text);
        }
    }

    private static Path realOrNormal(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
