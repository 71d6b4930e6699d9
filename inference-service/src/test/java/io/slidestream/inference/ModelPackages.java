package io.slidestream.inference;

import io.slidestream.core.model.ModelMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Model packages made from another for a test: the same model files under other metadata. */
public final class ModelPackages {
    private ModelPackages() {
    }

    /** Copies the package at {@code from} to {@code to} (replacing what is there) with {@code metadata}. */
    public static Path copy(Path from, Path to, ModelMetadata metadata) throws IOException {
        if (Files.exists(to)) {
            try (Stream<Path> old = Files.walk(to)) {
                old.sorted(Comparator.reverseOrder()).forEach(path -> {
                    try {
                        Files.delete(path);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (!source.getFileName().toString().equals(ModelMetadata.FILE_NAME)) {
                    Files.copy(source, target);
                }
            }
        }
        metadata.write(to);
        return to;
    }
}
