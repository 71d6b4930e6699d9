package io.slidestream.aggregator.stitching;

import io.slidestream.core.events.Contract;
import io.slidestream.aggregator.TestManifests;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.ScoreBatch.PatchScore;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.events.SlideState;
import io.slidestream.core.events.SlideStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SlideProgressTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final SlideProgress slide = new SlideProgress("s1", T0);

    @Test
    void the_manifest_starts_scoring_and_the_last_distinct_patch_completes_the_slide() {
        slide.applyManifest(manifest(3, 2, 3), T0.plusSeconds(1));
        assertEquals(SlideState.SCORING, slide.lifecycle().state());

        slide.applyScores(scores(0, new PatchScore(0, 0, 0.1f), new PatchScore(1, 0, 0.2f)), T0.plusSeconds(2));
        slide.applyScores(scores(0, new PatchScore(0, 0, 0.1f), new PatchScore(1, 0, 0.2f)), T0.plusSeconds(3));
        assertEquals(SlideState.SCORING, slide.lifecycle().state());
        assertEquals(2, slide.patchesScored());
        assertEquals(2, slide.duplicateScores());

        slide.applyScores(scores(1, new PatchScore(2, 1, 0.9f)), T0.plusSeconds(4));
        assertEquals(SlideState.COMPLETE, slide.lifecycle().state());
        assertEquals(T0.plusSeconds(4), slide.lifecycle().reachedAt(SlideState.COMPLETE));
        assertEquals("model-a", slide.modelId());
    }

    @Test
    void scores_before_the_manifest_are_merged_when_it_arrives() {
        slide.applyScores(scores(0, new PatchScore(0, 0, 0.6f), new PatchScore(1, 0, 0.7f)), T0.plusSeconds(1));
        slide.applyScores(scores(0, new PatchScore(0, 0, 0.6f)), T0.plusSeconds(2));
        assertEquals(0, slide.patchesScored());
        assertEquals(SlideState.QUEUED, slide.lifecycle().state());

        slide.applyManifest(manifest(2, 1, 2), T0.plusSeconds(3));

        assertEquals(2, slide.patchesScored());
        assertEquals(1, slide.duplicateScores());
        assertEquals(SlideState.COMPLETE, slide.lifecycle().state());
        assertEquals(0.7f, slide.grid().score(1, 0));
    }

    @Test
    void buffered_scores_outside_the_grid_are_dropped_when_the_manifest_arrives() {
        slide.applyScores(scores(0, new PatchScore(5, 5, 0.6f)), T0);
        slide.applyScores(scores(1, new PatchScore(0, 0, 0.6f)), T0);

        assertEquals(1, slide.applyManifest(manifest(2, 1, 2), T0.plusSeconds(1)));
        assertEquals(1, slide.patchesScored());
    }

    @Test
    void a_batch_outside_a_known_grid_is_rejected() {
        slide.applyManifest(manifest(2, 1, 2), T0);

        assertThrows(IllegalArgumentException.class, () -> slide.applyScores(scores(0, new PatchScore(2, 0, 0.5f)), T0));
        assertEquals(0, slide.patchesScored());
    }

    @Test
    void a_manifest_without_patches_completes_the_slide_at_once() {
        slide.applyManifest(manifest(4, 4, 0), T0.plusSeconds(1));

        assertEquals(SlideState.COMPLETE, slide.lifecycle().state());
        assertEquals(T0.plusSeconds(1), slide.lifecycle().reachedAt(SlideState.SCORING));
    }

    @Test
    void a_redelivered_manifest_changes_nothing() {
        slide.applyManifest(manifest(2, 1, 2), T0);
        slide.applyScores(scores(0, new PatchScore(0, 0, 0.5f)), T0);

        slide.applyManifest(manifest(8, 8, 64), T0);

        assertEquals(2, slide.manifest().grid().cols());
        assertEquals(1, slide.patchesScored());
    }

    @Test
    void a_failed_slide_is_not_completed_by_its_scores_nor_by_a_complete_status() {
        slide.applyStatus(SlideStatus.of("s1", SlideState.TILING, "tiler"), T0);
        slide.applyStatus(SlideStatus.failed("s1", "slide s1: cannot read level 0", "tiler"), T0);

        slide.applyStatus(SlideStatus.of("s1", SlideState.COMPLETE, "someone"), T0);
        slide.applyManifest(manifest(1, 1, 1), T0);
        slide.applyScores(scores(0, new PatchScore(0, 0, 0.5f)), T0);

        assertEquals(SlideState.FAILED, slide.lifecycle().state());
        assertEquals("slide s1: cannot read level 0", slide.lifecycle().reason());
        assertEquals(1, slide.patchesScored());
        assertNull(slide.lifecycle().reachedAt(SlideState.COMPLETE));
    }

    @Test
    void a_status_from_another_service_does_not_complete_a_slide() {
        slide.applyManifest(manifest(2, 1, 2), T0);

        slide.applyStatus(SlideStatus.of("s1", SlideState.COMPLETE, "someone"), T0);

        assertEquals(SlideState.SCORING, slide.lifecycle().state());
    }

    @Test
    void aNewerManifestIsTheSlideAnalysedAgainAndStartsItOver() {
        slide.applyManifest(manifest(2, 1, 2), T0);
        slide.applyScores(scores(0, new PatchScore(0, 0, 0.9f), new PatchScore(1, 0, 0.1f)), T0.plusSeconds(1));
        assertEquals(SlideState.COMPLETE, slide.lifecycle().state());

        slide.applyManifest(TestManifests.manifest("s1", 3, 1, 3, T0.plusSeconds(60)), T0.plusSeconds(60));
        assertEquals(SlideState.SCORING, slide.lifecycle().state());
        assertEquals(0, slide.patchesScored());
        slide.applyScores(scores(0, new PatchScore(0, 0, 0.2f), new PatchScore(1, 0, 0.3f), new PatchScore(2, 0, 0.4f)),
                T0.plusSeconds(61));
        assertEquals(SlideState.COMPLETE, slide.lifecycle().state());
        assertEquals(0, slide.duplicateScores(), "the new run's scores are not duplicates of the old run's");
        assertEquals(0.2f, slide.grid().score(0, 0));
    }

    private static SlideManifest manifest(int cols, int rows, int patchCount) {
        return TestManifests.manifest("s1", cols, rows, patchCount, T0);
    }

    private static ScoreBatch scores(int batchIndex, PatchScore... scores) {
        return new ScoreBatch(Contract.SCHEMA_VERSION, "s1", batchIndex, "model-a", List.of(scores));
    }
}
