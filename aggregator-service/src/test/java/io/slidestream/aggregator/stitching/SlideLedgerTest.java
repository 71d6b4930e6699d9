package io.slidestream.aggregator.stitching;

import io.slidestream.aggregator.InMemoryStores;
import io.slidestream.aggregator.TestManifests;
import io.slidestream.core.events.Contract;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.ScoreBatch.FailedPatch;
import io.slidestream.core.events.ScoreBatch.PatchScore;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.events.SlideState;
import io.slidestream.core.events.SlideStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlideLedgerTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private final InMemoryStores stores = new InMemoryStores();
    private final SlideLedger ledger = stores.ledger(0.5);

    private SlideRecord slide;
    private long offset;

    @Test
    void the_manifest_starts_scoring_and_the_last_distinct_patch_completes_the_slide() {
        manifest(2, 2, 4, T0);
        assertEquals(SlideState.SCORING, slide.lifecycle().state());
        scores(T0.plusSeconds(1), new PatchScore(0, 0, 0.2f), new PatchScore(1, 0, 0.9f));
        scores(T0.plusSeconds(2), new PatchScore(0, 0, 0.2f), new PatchScore(1, 0, 0.9f));
        assertEquals(SlideState.SCORING, slide.lifecycle().state());
        assertEquals(2, slide.patchesScored());
        assertEquals(2, slide.duplicateScores());

        SlideLedger.Applied last = scores(T0.plusSeconds(4), new PatchScore(0, 1, 0.6f), new PatchScore(1, 1, 0.1f));
        assertTrue(last.completed());
        assertEquals(T0.plusSeconds(4), slide.lifecycle().reachedAt(SlideState.COMPLETE));
        assertEquals("model-a", slide.modelId());
        assertEquals(2, slide.tumourPatches());
        assertEquals(0.9f, slide.maxScore());
        assertArrayEquals(new float[] {0.2f, 0.9f, 0.6f, 0.1f}, ledger.scores(slide));
    }

    @Test
    void a_large_grid_is_stored_in_chunks_and_read_back_whole() {
        manifest(70, 40, 3, T0);
        scores(T0, new PatchScore(0, 0, 0.1f), new PatchScore(69, 39, 0.8f), new PatchScore(33, 5, 0.4f));
        assertEquals(3 * 2, new ScoreChunks(70, 40).chunkCount());
        assertEquals(3, stores.cellChunkKeys().size(), "only the chunks that hold scores are stored");
        float[] grid = ledger.scores(slide);
        assertEquals(0.1f, grid[0]);
        assertEquals(0.8f, grid[39 * 70 + 69]);
        assertEquals(0.4f, grid[5 * 70 + 33]);
        assertTrue(Float.isNaN(grid[1]));
        assertEquals(SlideState.COMPLETE, slide.lifecycle().state());
    }

    @Test
    void scores_before_the_manifest_are_merged_when_it_arrives() {
        scores(T0, new PatchScore(0, 0, 0.4f), new PatchScore(1, 0, 0.7f));
        scores(T0, new PatchScore(1, 0, 0.7f));
        assertEquals(0, slide.patchesScored());
        assertEquals(SlideState.QUEUED, slide.lifecycle().state());

        manifest(2, 1, 2, T0.plusSeconds(1));
        assertEquals(2, slide.patchesScored());
        assertEquals(1, slide.duplicateScores());
        assertEquals(SlideState.COMPLETE, slide.lifecycle().state());
        assertEquals(0.7f, ledger.scores(slide)[1]);
        assertTrue(stores.nothingWaiting(), "the waiting batches are gone once merged");
    }

    @Test
    void buffered_scores_outside_the_grid_are_dropped_when_the_manifest_arrives() {
        scores(T0, new PatchScore(5, 0, 0.4f));
        scores(T0, new PatchScore(0, 0, 0.4f));
        assertEquals(1, manifest(2, 1, 2, T0.plusSeconds(1)).droppedBatches());
        assertEquals(1, slide.patchesScored());
    }

    @Test
    void unusable_events_are_rejected_before_anything_changes() {
        manifest(2, 1, 2, T0);
        assertThrows(IllegalArgumentException.class, () -> scores(T0, new PatchScore(0, 0, 0.5f), new PatchScore(2, 0, 0.5f)));
        assertThrows(IllegalArgumentException.class, () -> scores(T0, new PatchScore(0, 0, 1.5f)));
        assertThrows(IllegalArgumentException.class, () -> scores(T0, new PatchScore(0, 0, Float.NaN)));
        assertEquals(0, slide.patchesScored());
        assertTrue(stores.cellChunkKeys().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> ledger.manifest(null,
                TestManifests.manifest("s1", 1 << 13, 1 << 12, 1, T0), T0), "2^25 cells is no real slide");
        assertThrows(IllegalArgumentException.class, () -> ledger.manifest(null,
                TestManifests.manifest("s1", 2, 2, 5, T0), T0), "more patches than cells");
        assertThrows(IllegalArgumentException.class, () -> ledger.status(null,
                new SlideStatus(Contract.SCHEMA_VERSION, "s1", null, null, "tiler", T0), T0));
    }

    @Test
    void scores_that_state_their_models_threshold_are_counted_as_tumour_by_it_not_by_the_aggregators() {
        manifest(3, 1, 3, T0);
        SlideRecord before = slide;
        assertEquals(0.5, before.threshold(0.5), "none stated yet: the aggregator's setting");
        slide = ledger.scores(slide, new ScoreBatch(Contract.SCHEMA_VERSION, "s1", 0, "model-a",
                List.of(new PatchScore(0, 0, 0.6f), new PatchScore(1, 0, 0.9f)), List.of(), 0.8), offset++, T0).slide();
        // Older workers' scores (no threshold) later on do not undo the model's.
        scores(T0, new PatchScore(2, 0, 0.85f));

        assertEquals(0.8, slide.threshold(0.5));
        assertEquals(2, slide.tumourPatches(), "0.9 and 0.85 reach the model's 0.8; 0.6 does not");
    }

    @Test
    void a_manifest_without_patches_completes_the_slide_at_once() {
        assertTrue(manifest(3, 3, 0, T0).completed());
        assertEquals(T0, slide.lifecycle().reachedAt(SlideState.SCORING));
    }

    @Test
    void a_redelivered_manifest_changes_nothing() {
        SlideManifest first = TestManifests.manifest("s1", 2, 1, 2, T0);
        slide = ledger.manifest(null, first, T0).slide();
        scores(T0, new PatchScore(0, 0, 0.3f));
        slide = ledger.manifest(slide, first, T0.plusSeconds(9)).slide();
        assertEquals(1, slide.patchesScored());
    }

    @Test
    void a_failed_slide_is_not_completed_by_its_scores_nor_by_a_complete_status() {
        manifest(1, 1, 1, T0);
        slide = ledger.status(slide, SlideStatus.failed("s1", "slide s1: cannot read level 0", "inference"), T0).slide();
        scores(T0, new PatchScore(0, 0, 0.3f));
        slide = ledger.status(slide, SlideStatus.of("s1", SlideState.COMPLETE, "someone"), T0).slide();
        assertEquals(SlideState.FAILED, slide.lifecycle().state());
        assertEquals("slide s1: cannot read level 0", slide.lifecycle().reason());
        assertEquals(1, slide.patchesScored());
        assertNull(slide.lifecycle().reachedAt(SlideState.COMPLETE));
    }

    @Test
    void a_newer_manifest_is_the_slide_analysed_again_and_starts_it_over() {
        manifest(1, 1, 1, T0);
        scores(T0, new PatchScore(0, 0, 0.9f));
        assertEquals(SlideState.COMPLETE, slide.lifecycle().state());
        manifest(1, 1, 1, T0.plusSeconds(60));
        assertEquals(SlideState.SCORING, slide.lifecycle().state());
        assertEquals(0, slide.patchesScored());
        assertTrue(Float.isNaN(ledger.scores(slide)[0]), "the earlier run's scores are gone");
        scores(T0.plusSeconds(61), new PatchScore(0, 0, 0.2f));
        assertEquals(SlideState.COMPLETE, slide.lifecycle().state());
        assertEquals(0, slide.duplicateScores());
    }

    @Test
    void a_stored_record_reads_back_as_it_was() {
        manifest(2, 1, 2, T0);
        scores(T0.plusSeconds(1), new PatchScore(0, 0, 0.3f));
        SlideRecord again = SlideRecordJson.read(SlideRecordJson.write(slide));
        assertEquals(SlideRecordJson.write(slide), SlideRecordJson.write(again));
        assertEquals(SlideState.SCORING, again.lifecycle().state());
        assertEquals(T0, again.lifecycle().reachedAt(SlideState.SCORING));
        assertEquals(2, again.manifest().grid().cols());
    }

    @Test
    void failed_patches_count_towards_completion_and_read_as_no_score() {
        manifest(2, 2, 4, T0);
        scores(T0.plusSeconds(1), new PatchScore(0, 0, 0.2f), new PatchScore(1, 0, 0.9f));
        SlideLedger.Applied last = failures(T0.plusSeconds(2), new FailedPatch(0, 1, "tile (0, 0) cannot be decoded"),
                new FailedPatch(1, 1, "I/O error"));
        assertTrue(last.completed());
        assertEquals(2, slide.patchesScored());
        assertEquals(2, slide.patchesFailed());
        assertEquals(0, slide.duplicateScores());
        assertEquals(1, slide.tumourPatches());
        float[] grid = ledger.scores(slide);
        assertEquals(0.9f, grid[1]);
        assertTrue(Float.isNaN(grid[2]) && Float.isNaN(grid[3]), "a failed cell has no score");
    }

    @Test
    void a_later_score_for_a_failed_patch_replaces_the_failure() {
        manifest(2, 1, 2, T0);
        failures(T0, new FailedPatch(0, 0, "I/O error"));
        assertEquals(1, slide.patchesFailed());
        assertEquals(SlideState.SCORING, slide.lifecycle().state());

        scores(T0.plusSeconds(1), new PatchScore(0, 0, 0.8f));
        assertEquals(0, slide.patchesFailed());
        assertEquals(1, slide.patchesScored());
        assertEquals(1, slide.tumourPatches());
        assertEquals(0, slide.duplicateScores());
        assertEquals(SlideState.SCORING, slide.lifecycle().state(), "the other patch is still due");
        assertEquals(0.8f, ledger.scores(slide)[0]);

        assertTrue(scores(T0.plusSeconds(2), new PatchScore(1, 0, 0.1f)).completed());
        assertEquals(0, slide.patchesFailed());
    }

    @Test
    void a_failure_after_a_score_is_ignored_as_a_duplicate_and_so_is_a_redelivered_failure() {
        manifest(3, 1, 3, T0);
        scores(T0, new PatchScore(0, 0, 0.3f));
        failures(T0, new FailedPatch(0, 0, "I/O error"), new FailedPatch(1, 0, "I/O error"));
        failures(T0, new FailedPatch(1, 0, "I/O error"));
        assertEquals(1, slide.patchesScored());
        assertEquals(1, slide.patchesFailed());
        assertEquals(2, slide.duplicateScores());
        assertEquals(0.3f, ledger.scores(slide)[0]);
        assertEquals(SlideState.SCORING, slide.lifecycle().state());
    }

    @Test
    void a_slide_whose_every_patch_failed_fails_with_the_count_and_the_first_reason() {
        manifest(2, 1, 2, T0);
        failures(T0, new FailedPatch(1, 0, "tile (3, 4) of level 0 cannot be decoded"));
        SlideLedger.Applied last = failures(T0.plusSeconds(1), new FailedPatch(0, 0, "I/O error"));
        assertTrue(last.stateChanged());
        assertEquals(SlideState.FAILED, slide.lifecycle().state());
        assertEquals("all 2 patches could not be read, so nothing was analysed; the first: cell (1, 0): "
                + "tile (3, 4) of level 0 cannot be decoded", slide.lifecycle().reason());
        assertNull(slide.lifecycle().reachedAt(SlideState.COMPLETE));
    }

    @Test
    void a_late_score_for_a_failed_patch_of_a_complete_slide_changes_nothing_its_verdict_was_given_on() {
        manifest(2, 1, 2, T0);
        scores(T0, new PatchScore(0, 0, 0.1f));
        failures(T0, new FailedPatch(1, 0, "I/O error"));
        assertEquals(SlideState.COMPLETE, slide.lifecycle().state());
        scores(T0.plusSeconds(5), new PatchScore(1, 0, 0.9f));
        assertEquals(1, slide.patchesFailed());
        assertEquals(1, slide.patchesScored());
        assertEquals(1, slide.duplicateScores());
        assertTrue(Float.isNaN(ledger.scores(slide)[1]));
    }

    @Test
    void failures_before_the_manifest_wait_for_it_and_a_newer_manifest_forgets_them() {
        failures(T0, new FailedPatch(0, 0, "I/O error"));
        manifest(2, 1, 2, T0.plusSeconds(1));
        assertEquals(1, slide.patchesFailed());
        assertEquals("cell (0, 0): I/O error", slide.firstFailure());
        manifest(2, 1, 2, T0.plusSeconds(60));
        assertEquals(0, slide.patchesFailed());
        assertNull(slide.firstFailure());
        assertTrue(Float.isNaN(ledger.scores(slide)[0]));
    }

    @Test
    void an_old_score_batch_without_failed_patches_still_scores() {
        manifest(1, 1, 1, T0);
        ScoreBatch old = EventJson.read("{\"schemaVersion\":1,\"slideId\":\"s1\",\"batchIndex\":0,"
                + "\"modelId\":\"model-a\",\"scores\":[{\"col\":0,\"row\":0,\"score\":0.5}]}", ScoreBatch.class);
        slide = ledger.scores(slide, old, offset++, T0).slide();
        assertEquals(SlideState.COMPLETE, slide.lifecycle().state());
        assertEquals(1, slide.patchesScored());
        assertEquals(0, slide.patchesFailed());
    }

    @Test
    void a_record_stored_before_failed_patches_existed_loads_with_none_failed() throws Exception {
        manifest(2, 1, 2, T0);
        scores(T0, new PatchScore(0, 0, 0.3f));
        ObjectNode stored = (ObjectNode) EventJson.mapper().readTree(SlideRecordJson.write(slide));
        stored.remove("patchesFailed");
        stored.remove("firstFailure");
        slide = SlideRecordJson.read(stored.toString());
        assertEquals(0, slide.patchesFailed());
        assertEquals(1, slide.patchesScored());
        assertTrue(failures(T0.plusSeconds(1), new FailedPatch(1, 0, "I/O error")).completed());
        assertEquals(1, slide.patchesFailed());
    }

    private SlideLedger.Applied manifest(int cols, int rows, int patches, Instant at) {
        SlideLedger.Applied applied = ledger.manifest(slide, TestManifests.manifest("s1", cols, rows, patches, at), at);
        slide = applied.slide();
        return applied;
    }

    private SlideLedger.Applied scores(Instant at, PatchScore... scores) {
        SlideLedger.Applied applied = ledger.scores(slide,
                new ScoreBatch(Contract.SCHEMA_VERSION, "s1", 0, "model-a", List.of(scores)), offset++, at);
        slide = applied.slide();
        return applied;
    }

    private SlideLedger.Applied failures(Instant at, FailedPatch... failed) {
        SlideLedger.Applied applied = ledger.scores(slide,
                new ScoreBatch(Contract.SCHEMA_VERSION, "s1", 0, "model-a", List.of(), List.of(failed)), offset++, at);
        slide = applied.slide();
        return applied;
    }
}
