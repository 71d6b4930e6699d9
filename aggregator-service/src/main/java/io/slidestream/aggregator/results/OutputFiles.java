package io.slidestream.aggregator.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The six result files of a completed slide ({@link OutputFile}), as bytes or written to a directory.
 * Pure: the same {@link CompletedSlide} always gives the same bytes (on the same JDK), so writing a
 * slide's results again after a crash or a replay leaves the same files.
 */
public final class OutputFiles {
    private static final String TEMP_PREFIX = ".tmp-";
    private static final String OLD_PREFIX = ".old-";

    private OutputFiles() {
    }

    /**
     * One file's bytes. The images, the mask and the regions are drawn at the slide's finest resolution
     * ({@link CompletedSlide#finest()}): one pixel per grid cell, or per sub-cell of a slide scored with
     * probability maps; scores.csv keeps one row per patch.
     */
    public static byte[] render(OutputFile file, CompletedSlide slide) {
        CompletedSlide finest = slide.finest();
        return switch (file) {
            case HEATMAP_PNG -> GridPngs.heatmapPng(finest, 1);
            case MASK_PNG -> GridPngs.maskPng(finest, 1);
            case MASK_TIFF -> MaskTiff.tiff(finest);
            case REGIONS_GEOJSON -> RegionsGeoJson.geoJson(finest, Lesions.find(finest));
            case SCORES_CSV -> ScoresCsv.csv(slide);
            case RUN_JSON -> RunJson.json(slide, SlideVerdict.of(slide));
        };
    }

    /** All six files' bytes, finding the lesions once. */
    public static Map<OutputFile, byte[]> renderAll(CompletedSlide slide) {
        CompletedSlide finest = slide.finest();
        List<Lesions.Found> lesions = Lesions.find(finest);
        SlideVerdict verdict = SlideVerdict.of(slide, lesions);
        Map<OutputFile, byte[]> files = new EnumMap<>(OutputFile.class);
        files.put(OutputFile.HEATMAP_PNG, GridPngs.heatmapPng(finest, 1));
        files.put(OutputFile.MASK_PNG, GridPngs.maskPng(finest, 1));
        files.put(OutputFile.MASK_TIFF, MaskTiff.tiff(finest));
        files.put(OutputFile.REGIONS_GEOJSON, RegionsGeoJson.geoJson(finest, lesions));
        files.put(OutputFile.SCORES_CSV, ScoresCsv.csv(slide));
        files.put(OutputFile.RUN_JSON, RunJson.json(slide, verdict));
        return files;
    }

    /**
     * Writes the six files into {@code dir} (e.g. {@code <results-dir>/<slideId>}), all or nothing: they
     * are written and flushed to disk in a temporary sibling directory, which is then renamed to
     * {@code dir} ({@link StandardCopyOption#ATOMIC_MOVE}). An older {@code dir} is first renamed aside and
     * deleted afterwards, so a reader sees the old set or the new set, never a mix (between the two renames
     * {@code dir} is briefly absent). When {@code dir} already holds exactly these bytes nothing is
     * touched, so a replay is harmless. Leftovers of an interrupted earlier write (siblings named
     * {@code .tmp-<name>-*} and {@code .old-<name>-*}) are removed. One writer per directory at a time.
     *
     * @return {@code dir}
     */
    public static Path writeAll(CompletedSlide slide, Path dir) {
        Map<OutputFile, byte[]> files = renderAll(slide);
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        String name = target.getFileName().toString();
        try {
            Files.createDirectories(parent);
            removeLeftovers(parent, name);
            if (holds(target, files)) {
                return dir;
            }
            String suffix = "-" + ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
            Path temp = Files.createDirectory(parent.resolve(TEMP_PREFIX + name + suffix));
            try {
                for (Map.Entry<OutputFile, byte[]> file : files.entrySet()) {
                    writeDurably(temp.resolve(file.getKey().fileName()), file.getValue());
                }
                Path old = null;
                if (Files.exists(target)) {
                    old = parent.resolve(OLD_PREFIX + name + suffix);
                    Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                syncDirectory(parent);
                if (old != null) {
                    deleteTree(old);
                }
            } finally {
                deleteTree(temp);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results of " + slide.manifest().slideId() + " to " + dir, e);
        }
    }

    private static boolean holds(Path dir, Map<OutputFile, byte[]> files) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            int count = 0;
            for (Path entry : entries) {
                count++;
                if (OutputFile.byFileName(entry.getFileName().toString()).isEmpty()) {
                    return false;
                }
            }
            if (count != files.size()) {
                return false;
            }
        }
        for (Map.Entry<OutputFile, byte[]> file : files.entrySet()) {
            Path path = dir.resolve(file.getKey().fileName());
            if (!Files.isRegularFile(path) || Files.size(path) != file.getValue().length
                    || !Arrays.equals(Files.readAllBytes(path), file.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static void writeDurably(Path path, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** Makes the renames durable where the platform allows opening a directory (Linux does). */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every file system lets a directory be opened or synced; the rename itself is still atomic.
        }
    }

    private static void removeLeftovers(Path parent, String name) throws IOException {
        // Only this directory's own leftovers: the suffix is digits, so "a" never matches "a-b"'s.
        Pattern leftover = Pattern.compile("\\.(tmp|old)-" + Pattern.quote(name) + "-[0-9]+");
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(parent,
                entry -> leftover.matcher(entry.getFileName().toString()).matches())) {
            for (Path sibling : siblings) {
                deleteTree(sibling);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
