package io.slidestream.trainer.eval;

import io.slidestream.core.staging.MetastasisSize;
import io.slidestream.synth.GroundTruth;
import io.slidestream.synth.Lesion;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import io.slidestream.trainer.truth.SlideTruth;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratedTruthTest {

    @Test
    @DisplayName("a generated slide's truth.json is found by name and read back pixel for pixel; its lesions size it as the generator did")
    void generatedTruthIsReadExactly(@TempDir Path dir) throws Exception {
        GroundTruth generated = SyntheticSlideGenerator.generate(SyntheticSlideSpec.forTests(5), dir.resolve("gen_5.tiff"));

        SlideTruth truth = SlideTruth.find(dir, "gen_5", generated.width(), generated.height(), 16).orElseThrow();

        assertEquals(dir.resolve("gen_5.truth.json"), truth.source());
        assertEquals(generated.mpp(), truth.mpp());
        int disagreements = 0;
        for (long y = 0; y < generated.height(); y += 7) {
            for (long x = 0; x < generated.width(); x += 7) {
                disagreements += truth.mask().isTumourAt(x, y) == generated.isTumour(x, y) ? 0 : 1;
            }
        }
        assertEquals(0, disagreements);
        // The generator records each lesion's outline diameter; the mask holds it only where there is tissue, so
        // the measured diameter may be shorter, never longer than the largest outline plus one mask pixel's diagonal.
        double recordedUm = generated.lesions().stream().mapToDouble(Lesion::diameterUm).max().orElseThrow();
        double measuredUm = TruthCategory.largestDiameterPx(truth.mask()) * truth.mpp();
        double pixelDiagonalUm = generated.maskDownsample() * generated.mpp() * Math.sqrt(2);
        assertTrue(measuredUm > 0 && measuredUm <= recordedUm + pixelDiagonalUm, measuredUm + " vs " + recordedUm);
        assertEquals(MetastasisSize.of(recordedUm / 1000).name(), TruthCategory.of(truth.mask(), truth.mpp()));
    }
}
