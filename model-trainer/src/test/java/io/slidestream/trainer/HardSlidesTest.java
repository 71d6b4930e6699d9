package io.slidestream.trainer;

import io.slidestream.core.slide.Slide;
import io.slidestream.synth.GroundTruth;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import io.slidestream.trainer.truth.TumourMask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8's bar for generated slides: a trivial model must not score AUC 1.0. The trivial models here are
 * one-number rules a CNN would find first: how dark a patch is, and how much of it is nucleus-dark. On the
 * classic look they separate tumour from normal patches (the demo model's AUC 1.000 meant nothing); on the
 * hard look (stain variation, germinal centres, subtler tumour, folds, fat, out-of-focus patches) they must not.
 */
class HardSlidesTest {
    private static final long[] SEEDS = {301, 302, 303};

    @Test
    void darknessAloneNoLongerTellsTumourFromNormalTissueOnHardSlides(@TempDir Path dir) throws IOException {
        Rules classic = rules(dir.resolve("classic"), SyntheticSlideSpec::forTests);
        Rules hard = rules(dir.resolve("hard"), SyntheticSlideSpec::hard);
        System.out.printf("trivial rules' patch AUC: classic darkness %.3f nuclei %.3f; hard darkness %.3f nuclei %.3f%n",
                classic.darknessAuc, classic.nucleiAuc, hard.darknessAuc, hard.nucleiAuc);

        assertTrue(classic.darknessAuc > 0.99 && classic.nucleiAuc > 0.99, "classic slides are trivially separable");
        assertTrue(hard.darknessAuc < 0.85, "darkness on hard slides: AUC " + hard.darknessAuc);
        assertTrue(hard.nucleiAuc < 0.85, "nucleus share on hard slides: AUC " + hard.nucleiAuc);
    }

    private record Rules(double darknessAuc, double nucleiAuc) {
    }

    /** The two rules' patch AUC over the labelled patches of the slides {@code spec} makes of {@link #SEEDS}. */
    private static Rules rules(Path dir, LongFunction<SyntheticSlideSpec> spec) throws IOException {
        List<LabelledPatch> patches = new ArrayList<>();
        for (long seed : SEEDS) {
            Path tiff = dir.resolve("slide-" + seed + ".tiff");
            GroundTruth truth = SyntheticSlideGenerator.generate(spec.apply(seed), tiff);
            try (Slide slide = Slide.open(tiff)) {
                WindowSampler.sample(slide, TumourMask.of(truth), DemoModel.metadata().profile(), 0, DemoModel.SAMPLING, seed,
                        patches::add);
            }
        }
        float[] darkness = new float[patches.size()];
        float[] nuclei = new float[patches.size()];
        for (int i = 0; i < patches.size(); i++) {
            byte[] rgb = patches.get(i).patch();
            double grey = 0;
            int nuclear = 0;
            for (int p = 0; p < rgb.length; p += 3) {
                int r = rgb[p] & 0xff;
                int b = rgb[p + 2] & 0xff;
                grey += (r + (rgb[p + 1] & 0xff) + b) / 3.0;
                nuclear += r < 150 && b > r ? 1 : 0;
            }
            darkness[i] = (float) (1 - grey / (rgb.length / 3) / 255);
            nuclei[i] = (float) nuclear / (rgb.length / 3);
        }
        boolean[] labels = ModelTraining.labels(patches);
        return new Rules(BinaryMetrics.of(darkness, labels, 0.5).auc(), BinaryMetrics.of(nuclei, labels, 0.5).auc());
    }
}
