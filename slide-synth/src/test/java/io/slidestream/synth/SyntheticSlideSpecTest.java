package io.slidestream.synth;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticSlideSpecTest {
    @Test
    void presetsHaveTheAdvertisedSizes() {
        SyntheticSlideSpec tests = SyntheticSlideSpec.forTests(1);
        assertEquals(4096, tests.width());
        assertEquals(4096, tests.height());
        assertTrue(tests.minLesionDiameterUm() >= 250, "lesions several 64 px patches wide at 1 µm/px");
        assertTrue(tests.lesionCount() >= 2);

        SyntheticSlideSpec benchmark = SyntheticSlideSpec.forBenchmark(1);
        assertEquals(61440, benchmark.width());
        assertEquals(40960, benchmark.height());
        assertEquals(0.5, benchmark.mpp());
        assertEquals(16, benchmark.maskDownsample());
    }

    @Test
    void withersChangeOnlyTheirField() {
        SyntheticSlideSpec spec = SyntheticSlideSpec.of(3, 8192, 4096).withMpp(0.25).withLesionCount(2);

        assertEquals(new SyntheticSlideSpec(3, 8192, 4096, 0.25, 256, 85, 16, 2, 150, 1500, 0.4), spec);
    }

    @Test
    void impossibleSpecsAreRejected() {
        SyntheticSlideSpec base = SyntheticSlideSpec.of(1, 4096, 4096);
        assertThrows(IllegalArgumentException.class, () -> base.withSize(100, 4096));
        assertThrows(IllegalArgumentException.class, () -> base.withMpp(0));
        assertThrows(IllegalArgumentException.class, () -> base.withJpegQuality(101));
        assertThrows(IllegalArgumentException.class, () -> base.withLesionDiametersUm(500, 200));
        assertThrows(IllegalArgumentException.class, () -> base.withTissueCoverage(0.95));
        assertThrows(IllegalArgumentException.class, () -> base.withMaskDownsample(0));
        assertThrows(IllegalArgumentException.class,
                () -> new SyntheticSlideSpec(1, 4096, 4096, 0.5, 200, 85, 16, 3, 150, 1500, 0.4));
    }
}
