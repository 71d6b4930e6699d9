package io.slidestream.trainer.truth;

import io.slidestream.synth.GroundTruth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The tumour ground truth of one slide, found by the slide's name in a folder of truth files.
 *
 * @param source the file it came from
 * @param mask   the tumour
 * @param mpp    µm per level-0 pixel as the truth states it (a generated slide's truth does), NaN otherwise
 */
public record SlideTruth(Path source, TumourMask mask, double mpp) {

    /**
     * What is looked for, in this order, by name ignoring case: the generator's truth, ASAP XML, a mask
     * image. A name's first match wins, so a generated slide exported to XML as well keeps its exact masks.
     */
    public static final List<String> SUFFIXES = List.of(".truth.json", ".xml", "_mask.tif", "_mask.tiff", "_mask.png",
            ".mask.tif", ".mask.tiff", ".mask.png");

    /**
     * The truth of {@code slide} in {@code folder}, empty when no file there has one of its names.
     *
     * @param slideWidth   level-0 extent the XML is rasterised over and a mask image is stretched to
     * @param downsample   level-0 pixels per mask pixel for XML; a mask image's page is read at least this fine
     */
    public static Optional<SlideTruth> find(Path folder, String slide, long slideWidth, long slideHeight,
                                            int downsample) throws IOException {
        Map<String, Path> byLowerName = new HashMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(Files::isRegularFile)
                    .forEach(f -> byLowerName.put(f.getFileName().toString().toLowerCase(Locale.ROOT), f));
        }
        String base = slide.toLowerCase(Locale.ROOT);
        for (String suffix : SUFFIXES) {
            Path file = byLowerName.get(base + suffix);
            if (file != null) {
                return Optional.of(load(file, suffix, slideWidth, slideHeight, downsample));
            }
        }
        return Optional.empty();
    }

    private static SlideTruth load(Path file, String suffix, long slideWidth, long slideHeight, int downsample)
            throws IOException {
        return switch (suffix) {
            case ".truth.json" -> generated(file);
            case ".xml" -> new SlideTruth(file, AsapAnnotations.rasterise(file, slideWidth, slideHeight, downsample),
                    Double.NaN);
            default -> new SlideTruth(file, MaskImages.read(file, slideWidth, slideHeight, downsample), Double.NaN);
        };
    }

    /** {@link GroundTruth#load} takes the slide's path and finds its files beside it; the slide need not be there. */
    private static SlideTruth generated(Path truthJson) throws IOException {
        String name = truthJson.getFileName().toString();
        Path slide = truthJson.resolveSibling(name.substring(0, name.length() - ".truth.json".length()) + ".tiff");
        try {
            GroundTruth truth = GroundTruth.load(slide);
            return new SlideTruth(truthJson, TumourMask.of(truth), truth.mpp());
        } catch (IOException | RuntimeException e) {
            throw new IOException(truthJson + ": not a readable generator truth file: " + e.getMessage(), e);
        }
    }
}
