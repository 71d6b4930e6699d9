package io.slidestream.aggregator.stitching;

import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.ScoreBatch.PatchScore;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.events.SlideState;
import io.slidestream.core.events.SlideStatus;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The rules that merge a slide's events into its {@link SlideRecord} and score chunks. Manifests, score
 * batches and status changes come on three topics, so they arrive in any order and possibly more than once:
 * a cell keeps the first score it gets (a redelivered batch counts once), scores that come before the
 * manifest wait in {@link PendingScores}, and each change takes the time of the event that causes it, so a
 * replay gives the same record. An event that is not usable throws {@link IllegalArgumentException} before
 * anything changes, so the caller can move it to the dead-letter topic.
 *
 * <p>Not thread-safe: the caller serialises the events of one slide (Kafka Streams does, per partition).
 */
public final class SlideLedger {
    /** 2^24 cells, 64 MiB of scores: far above any real slide, low enough that one bad manifest cannot exhaust the heap. */
    static final int MAX_CELLS = 1 << 24;

    private final CellStore cells;
    private final PendingScores pending;
    private final double threshold;

    public SlideLedger(CellStore cells, PendingScores pending, double threshold) {
        this.cells = cells;
        this.pending = pending;
        this.threshold = threshold;
    }

    /**
     * What one event did.
     *
     * @param before          the slide's state before the event (null for a slide first seen)
     * @param droppedBatches  buffered batches that did not fit the manifest's grid
     */
    public record Applied(SlideRecord slide, SlideState before, int droppedBatches) {
        public boolean stateChanged() {
            return before != slide.lifecycle().state();
        }

        /** Whether this event brought the slide's first scores (worth showing at once, not at the next tick). */
        public boolean firstScores(int scoredBefore) {
            return scoredBefore == 0 && slide.patchesScored() > 0;
        }

        public boolean completed() {
            return stateChanged() && slide.lifecycle().state() == SlideState.COMPLETE;
        }
    }

    /**
     * The grid and patch count; moves the slide to SCORING and merges the scores that came first. The same
     * manifest again (a redelivery) changes nothing; a newer one (the slide analysed again on request, e.g.
     * with another model) starts the slide over, so the new run's scores are not taken for duplicates.
     */
    public Applied manifest(SlideRecord current, SlideManifest manifest, Instant at) {
        requireSlideId(manifest.slideId(), "SlideManifest");
        requireUsableGrid(manifest);
        SlideRecord slide = orNew(current, manifest.slideId(), at);
        SlideState before = current == null ? null : slide.lifecycle.state();
        if (slide.manifest != null) {
            if (!isNewer(manifest, slide.manifest)) {
                return new Applied(slide, before, 0);
            }
            startOver(slide, at);
        }
        slide.manifest = manifest;
        slide.updatedAt = at;
        slide.lifecycle.advance(SlideState.SCORING, at, null);
        int dropped = 0;
        for (ScoreBatch batch : pending.drain(slide.slideId)) {
            try {
                record(slide, batch, at);
            } catch (IllegalArgumentException outsideGrid) {
                dropped++;
            }
        }
        completeIfAllScored(slide, at);
        return new Applied(slide, before, dropped);
    }

    /**
     * Scores of one batch, all or none; buffered until the manifest is known.
     *
     * @param sequence orders batches that wait for the manifest (the record's offset)
     */
    public Applied scores(SlideRecord current, ScoreBatch batch, long sequence, Instant at) {
        requireSlideId(batch.slideId(), "ScoreBatch");
        if (batch.scores() == null) {
            throw new IllegalArgumentException("ScoreBatch " + batch.batchIndex() + " of slide " + batch.slideId() + " has no scores");
        }
        for (PatchScore patch : batch.scores()) {
            if (!(patch.score() >= 0 && patch.score() <= 1)) {
                throw new IllegalArgumentException("slide " + batch.slideId() + ": score " + patch.score()
                        + " of cell (" + patch.col() + ", " + patch.row() + ") is not a probability");
            }
        }
        SlideRecord slide = orNew(current, batch.slideId(), at);
        SlideState before = current == null ? null : slide.lifecycle.state();
        if (slide.manifest == null) {
            pending.add(slide.slideId, sequence, batch);
        } else {
            record(slide, batch, at);
            completeIfAllScored(slide, at);
        }
        slide.updatedAt = at;
        return new Applied(slide, before, 0);
    }

    /**
     * A lifecycle change from another service. COMPLETE is not taken from others: a slide is complete when
     * the aggregator holds a score for every patch.
     */
    public Applied status(SlideRecord current, SlideStatus status, Instant at) {
        requireSlideId(status.slideId(), "SlideStatus");
        if (status.state() == null) {
            throw new IllegalArgumentException("SlideStatus of slide " + status.slideId() + " has no state");
        }
        SlideRecord slide = orNew(current, status.slideId(), at);
        SlideState before = current == null ? null : slide.lifecycle.state();
        if (status.state() != SlideState.COMPLETE) {
            slide.lifecycle.advance(status.state(), at, status.reason());
        }
        slide.updatedAt = at;
        return new Applied(slide, before, 0);
    }

    /** The slide's scores, row-major, NaN where none arrived; null before the manifest. */
    public float[] scores(SlideRecord slide) {
        return slide.manifest == null ? null : chunksOf(slide.manifest).read(cells, slide.slideId);
    }

    private void record(SlideRecord slide, ScoreBatch batch, Instant at) {
        ScoreChunks chunks = chunksOf(slide.manifest);
        for (PatchScore patch : batch.scores()) {
            if (!chunks.contains(patch.col(), patch.row())) {
                throw new IllegalArgumentException("slide " + slide.slideId + ": cell (" + patch.col() + ", " + patch.row()
                        + ") outside its " + chunks.cols() + "x" + chunks.rows() + " grid");
            }
        }
        Map<Integer, float[]> touched = new HashMap<>();
        for (PatchScore patch : batch.scores()) {
            float[] chunk = touched.computeIfAbsent(chunks.chunkOf(patch.col(), patch.row()), index -> {
                float[] stored = cells.get(slide.slideId, index);
                return stored != null ? stored : ScoreChunks.emptyChunk();
            });
            int offset = ScoreChunks.offsetOf(patch.col(), patch.row());
            if (!Float.isNaN(chunk[offset])) {
                slide.duplicateScores++;
                continue;
            }
            chunk[offset] = patch.score();
            slide.patchesScored++;
            if (patch.score() >= threshold) {
                slide.tumourPatches++;
            }
            if (slide.maxScore == null || patch.score() > slide.maxScore) {
                slide.maxScore = patch.score();
            }
        }
        touched.forEach((index, chunk) -> cells.put(slide.slideId, index, chunk));
        if (slide.modelId == null) {
            slide.modelId = batch.modelId();
        }
        if (slide.firstScoredAt == null) {
            slide.firstScoredAt = at;
        }
        slide.lastScoredAt = at;
    }

    private void startOver(SlideRecord slide, Instant at) {
        ScoreChunks old = chunksOf(slide.manifest);
        for (int chunk = 0; chunk < old.chunkCount(); chunk++) {
            cells.delete(slide.slideId, chunk);
        }
        slide.lifecycle = new SlideLifecycle(at);
        slide.patchesScored = 0;
        slide.duplicateScores = 0;
        slide.tumourPatches = 0;
        slide.maxScore = null;
        slide.modelId = null;
        slide.firstScoredAt = null;
        slide.lastScoredAt = null;
        slide.verdict = null;
    }

    private static void completeIfAllScored(SlideRecord slide, Instant at) {
        if (slide.patchesScored >= slide.manifest.patchCount()) {
            slide.lifecycle.advance(SlideState.COMPLETE, at, null);
        }
    }

    private static ScoreChunks chunksOf(SlideManifest manifest) {
        return ScoreChunks.of(manifest.grid());
    }

    private static SlideRecord orNew(SlideRecord current, String slideId, Instant at) {
        return current != null ? current : new SlideRecord(slideId, at);
    }

    private static boolean isNewer(SlideManifest candidate, SlideManifest current) {
        return candidate.createdAt() != null && current.createdAt() != null
                && candidate.createdAt().isAfter(current.createdAt());
    }

    private static void requireSlideId(String slideId, String event) {
        if (slideId == null || slideId.isBlank()) {
            throw new IllegalArgumentException(event + " without a slideId");
        }
    }

    private static void requireUsableGrid(SlideManifest manifest) {
        GridGeometry grid = manifest.grid();
        if (grid == null || grid.cols() < 1 || grid.rows() < 1 || (long) grid.cols() * grid.rows() > MAX_CELLS) {
            throw new IllegalArgumentException("slide " + manifest.slideId() + ": unusable grid " + grid);
        }
        if (manifest.patchCount() < 0 || manifest.patchCount() > grid.cellCount()) {
            throw new IllegalArgumentException("slide " + manifest.slideId() + ": patchCount " + manifest.patchCount()
                    + " does not fit a " + grid.cols() + "x" + grid.rows() + " grid");
        }
    }
}
