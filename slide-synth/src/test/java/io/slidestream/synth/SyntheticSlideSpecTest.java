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

        SyntheticSlideSpec camelyon = SyntheticSlideSpec.camelyon16(1);
        assertEquals(98304, camelyon.width());
        assertEquals(196608, camelyon.height());
        assertEquals(0.25, camelyon.mpp());
        assertEquals(0.25, camelyon.tissueCoverage());
        assertEquals(LevelLayout.TWO_X, camelyon.levels());
        assertEquals(0, camelyon.width() % camelyon.tileSize());
        assertEquals(0, camelyon.height() % camelyon.tileSize());
    }

    @Test
    void existingPresetsKeepTheirDefaultsForEverythingNew() {
        for (SyntheticSlideSpec spec : new SyntheticSlideSpec[] {SyntheticSlideSpec.forTests(1),
                SyntheticSlideSpec.forBenchmark(1), SyntheticSlideSpec.of(1, 4096, 4096)}) {
            assertEquals(LevelLayout.TWO_X, spec.levels());
            assertEquals(SlideFormat.GENERIC_TIFF, spec.format());
            assertEquals(ResolutionMetadata.MPP, spec.resolution());
            assertEquals(Artefacts.NONE, spec.artefacts());
        }
    }

    @Test
    void keepingTheAreaScalesThePixelsAndNothingElse() {
        SyntheticSlideSpec spec = SyntheticSlideSpec.of(3, 6000, 4001).withLevels(LevelLayout.FOUR_X);

        SyntheticSlideSpec fine = spec.withMppKeepingArea(0.25);
        assertEquals(spec.withMpp(0.25).withSize(12000, 8002), fine);
        SyntheticSlideSpec coarse = spec.withMppKeepingArea(1.0);
        assertEquals(3000, coarse.width());
        assertEquals(2001, coarse.height(), "4001 / 2 rounds half up");
        assertEquals(spec.width() * spec.mpp(), fine.width() * fine.mpp(), 1e-9);
    }

    @Test
    void objectivePowerFollowsTheMpp() {
        assertEquals(20, SyntheticSlideSpec.of(1, 4096, 4096).objectivePower());
        assertEquals(40, SyntheticSlideSpec.camelyon16(1).objectivePower());
        assertEquals(10, SyntheticSlideSpec.of(1, 4096, 4096).withMpp(1.0).objectivePower());
        assertEquals(1, SyntheticSlideSpec.of(1, 4096, 4096).withMpp(10).objectivePower());
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
        assertThrows(IllegalArgumentException.class, () -> base.withResolution(ResolutionMetadata.OBJECTIVE_ONLY));
        assertThrows(IllegalArgumentException.class, () -> base.withLevels(null));
        assertThrows(IllegalArgumentException.class, () -> base.withArtefacts(null));
        assertThrows(IllegalArgumentException.class, () -> new Artefacts(false, false, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Artefacts(false, false, 0, 51));
        // Aperio may state the objective power alone.
        assertEquals(ResolutionMetadata.OBJECTIVE_ONLY, base.withFormat(SlideFormat.APERIO_SVS)
                .withResolution(ResolutionMetadata.OBJECTIVE_ONLY).resolution());
    }
}
