package io.slidestream.tiler.tissue;

import io.slidestream.core.slide.RgbImage;
import io.slidestream.synth.GroundTruth;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Prints detection times and IoU against generated slides; off unless {@code -Dtissue.benchmark=true}:
 * <pre>
 * ./mvnw -B -q -pl tiler-service -am verify -Dtest=TissueBenchmarkTest -Dtissue.benchmark=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dquarkus.build.skip=true
 * </pre>
 * Prefix {@code taskset -c 0} for one core.
 */
@EnabledIfSystemProperty(named = "tissue.benchmark", matches = "true")
class TissueBenchmarkTest {
    private static final int WARM_UP = 20;
    private static final int RUNS = 30;

    @TempDir
    Path dir;

    @Test
    void timesA2048By1024Thumbnail() {
        int w = 2048;
        int h = 1024;
        RgbImage image = TissueDetectionScenesTest.allArtefacts(TissueScene.glass(w, h, 205, 10)
                .tissue(w * 0.28, h * 0.48, w * 0.15, h * 0.3)
                .tissue(w * 0.7, h * 0.52, w * 0.14, h * 0.3), w, h).jpeg(0.8f);
        for (TissueDetector detector : new TissueDetector[] {TissueDetectors.defaultDetector(), new GreyDensityDetector()}) {
            for (double[] scale : new double[][] {{48, 0.25}, {16, 0.5}, {4, 0.5}}) {
                for (int i = 0; i < WARM_UP; i++) {
                    detector.detect(image, scale[0], scale[1]);
                }
                long[] nanos = new long[RUNS];
                for (int i = 0; i < RUNS; i++) {
                    long start = System.nanoTime();
                    detector.detect(image, scale[0], scale[1]);
                    nanos[i] = System.nanoTime() - start;
                }
                Arrays.sort(nanos);
                System.out.printf(Locale.ROOT, "%-6s %dx%d at %4.1f µm/px, %d cpu(s): median %6.1f ms, min %6.1f ms%n",
                        detector instanceof OtsuSaturationDetector ? "otsu" : "grey", w, h, scale[0] * scale[1],
                        Runtime.getRuntime().availableProcessors(), nanos[RUNS / 2] / 1e6, nanos[0] / 1e6);
            }
        }
    }

    @Test
    void scoresGeneratedSlides() throws IOException {
        for (long seed : new long[] {1, 2, 3, 20240611L}) {
            Path tiff = dir.resolve("slide-" + seed + ".tiff");
            GroundTruth truth = SyntheticSlideGenerator.generate(SyntheticSlideSpec.forTests(seed), tiff);
            for (int level : new int[] {2, 3}) {
                TissueOnGeneratedSlidesTest.Thumbnail thumbnail = TissueOnGeneratedSlidesTest.thumbnail(tiff, level);
                RgbImage withArtefacts = TissueOnGeneratedSlidesTest.withArtefacts(thumbnail, truth, seed).jpeg(0.85f);
                for (String method : new String[] {TissueDetectors.OTSU, TissueDetectors.GREY}) {
                    TissueDetector detector = TissueDetectors.create(method);
                    TissueIoU clean = TissueIoU.of(detector.detect(thumbnail.image(), thumbnail.downsample(),
                            thumbnail.mpp()), truth::tissueFraction);
                    TissueIoU artefacts = TissueIoU.of(detector.detect(withArtefacts, thumbnail.downsample(),
                            thumbnail.mpp()), truth::tissueFraction);
                    System.out.printf(Locale.ROOT, "seed %-8d level %d (downsample %2.0f) %-4s IoU clean %.4f, "
                                    + "with artefacts %.4f%n", seed, level, thumbnail.downsample(), method,
                            clean.iou(), artefacts.iou());
                }
            }
        }
    }
}
