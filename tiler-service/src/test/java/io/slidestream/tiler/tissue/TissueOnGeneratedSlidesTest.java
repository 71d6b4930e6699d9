package io.slidestream.tiler.tissue;

import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.Slide;
import io.slidestream.synth.GroundTruth;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The detectors on slides from the generator, read back through OpenSlide, scored against the
 * generator's tissue mask with {@link TissueIoU} at the thumbnail's grid. Thumbnails are levels 2 and 3
 * of the 4096 px test slides (downsample 4 and 8). The generator paints clean white glass, so the
 * scanner artefacts are painted over its thumbnail here: grey glass, black bands, ink and a bubble.
 */
class TissueOnGeneratedSlidesTest {
    private static final long[] SEEDS = {1, 20240611L};

    @TempDir
    static Path dir;
    private static final Map<Long, Path> SLIDES = new HashMap<>();
    private static final Map<Long, GroundTruth> TRUTHS = new HashMap<>();

    @BeforeAll
    static void generate() throws IOException {
        for (long seed : SEEDS) {
            Path tiff = dir.resolve("slide-" + seed + ".tiff");
            TRUTHS.put(seed, SyntheticSlideGenerator.generate(SyntheticSlideSpec.forTests(seed), tiff));
            SLIDES.put(seed, tiff);
        }
    }

    record Thumbnail(RgbImage image, double downsample, double mpp) {
    }

    private static Thumbnail thumbnail(long seed, int level) {
        return thumbnail(SLIDES.get(seed), level);
    }

    /** All of one level, read through OpenSlide. */
    static Thumbnail thumbnail(Path tiff, int level) {
        try (Slide slide = Slide.open(tiff)) {
            int width = Math.toIntExact(slide.levelWidth(level));
            int height = Math.toIntExact(slide.levelHeight(level));
            return new Thumbnail(slide.read(new RegionRequest(level, 0, 0, width, height)),
                    slide.levelDownsample(level), slide.mppX());
        }
    }

    @ParameterizedTest(name = "seed {0}, level {1}")
    @CsvSource({"1, 2", "1, 3", "20240611, 2", "20240611, 3"})
    void otsuMatchesTheGeneratorsTissueMask(long seed, int level) {
        Thumbnail thumbnail = thumbnail(seed, level);
        TissueMask mask = TissueDetectors.defaultDetector().detect(thumbnail.image(), thumbnail.downsample(),
                thumbnail.mpp());
        TissueIoU agreement = TissueIoU.of(mask, TRUTHS.get(seed)::tissueFraction);
        assertTrue(agreement.iou() >= 0.95, agreement::toString);
    }

    @ParameterizedTest(name = "seed {0}, level {1}")
    @CsvSource({"1, 2", "1, 3", "20240611, 2", "20240611, 3"})
    void otsuMatchesItWithScannerArtefacts(long seed, int level) {
        Thumbnail thumbnail = thumbnail(seed, level);
        GroundTruth truth = TRUTHS.get(seed);
        TissueScene scene = withArtefacts(thumbnail, truth, seed);
        RgbImage image = scene.jpeg(0.85f);

        TissueMask mask = TissueDetectors.defaultDetector().detect(image, thumbnail.downsample(), thumbnail.mpp());
        TissueIoU agreement = TissueIoU.of(mask, truth::tissueFraction);
        assertTrue(agreement.iou() >= 0.9, agreement::toString);
        assertTrue(scene.tissueOnArtefacts(mask) < 0.01, () -> "tissue on artefacts: " + scene.tissueOnArtefacts(mask));

        TissueIoU greyRule = TissueIoU.of(TissueDetectors.create(TissueDetectors.GREY)
                .detect(image, thumbnail.downsample(), thumbnail.mpp()), truth::tissueFraction);
        assertTrue(greyRule.iou() < 0.8, () -> "the grey rule on grey glass: " + greyRule);
    }

    /**
     * Glass rendered at about 200 (the whole image dimmed to 82 %), black bands along two edges, blue,
     * green and black ink near the edges (crossing tissue here and there) and an air bubble.
     */
    static TissueScene withArtefacts(Thumbnail thumbnail, GroundTruth truth, long seed) {
        int w = thumbnail.image().width();
        int h = thumbnail.image().height();
        double ds = thumbnail.downsample();
        boolean[] tissue = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                tissue[y * w + x] = truth.tissueFraction((long) (x * ds), (long) (y * ds), (long) ds, (long) ds) >= 0.5;
            }
        }
        return TissueScene.of(thumbnail.image(), tissue, seed).dim(0.82)
                .blackBand('T', h / 25).blackBand('R', w / 30)
                .penStroke(w * 0.1, h * 0.05 + w / 30.0, w * 0.9, h * 0.1 + w / 30.0, w / 100.0, TissueScene.BLUE_INK)
                .penStroke(w * 0.05, h * 0.2, w * 0.08, h * 0.9, w / 100.0, TissueScene.GREEN_INK)
                .penStroke(w * 0.3, h * 0.95, w * 0.9, h * 0.93, w / 120.0, TissueScene.BLACK_INK)
                .bubble(w * 0.5, h * 0.5, h * 0.06, 1.5);
    }
}
