package io.slidestream.launcher;

import io.slidestream.synth.GroundTruth;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import io.slidestream.trainer.DemoModel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The demo's model and slide: the model trained on generated slides (first use only), and a generated slide
 * with known tumours (fixed seed) whose ground truth lies beside it, so {@code analyze} scores the mask.
 */
final class DemoSlide {
    static final long SEED = 20261121L;
    static final int WIDTH = 8192;
    static final int HEIGHT = 6144;
    static final String FILE_NAME = "demo-slide.tiff";

    private DemoSlide() {
    }

    /** The demo model (trained on generated slides the first time, a few minutes). */
    static Path ensureModel(StackLayout layout, PrintStream out) {
        out.println("model: " + layout.demoModelDir() + (DemoModel.isComplete(layout.demoModelDir())
                ? "" : " (training it on generated slides: first run only, a few minutes)"));
        return DemoModel.ensure(layout.demoModelDir());
    }

    /** Writes the demo slide of {@code width} × {@code height} to {@code slide}, its ground truth beside it. */
    static GroundTruth generate(Path slide, int width, int height, PrintStream out) throws IOException {
        long start = System.nanoTime();
        GroundTruth truth = SyntheticSlideGenerator.generate(SyntheticSlideSpec.of(SEED, width, height), slide);
        out.printf("slide: %s (%dx%d, %d lesions) generated in %.1f s%n", slide, truth.width(),
                truth.height(), truth.lesions().size(), (System.nanoTime() - start) / 1e9);
        return truth;
    }
}
