package io.slidestream.aggregator.stitching;

import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.ScoreBatch.FailedPatch;
import io.slidestream.core.events.ScoreBatch.PatchScore;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.events.SlideState;
import io.slidestream.core.events.SlideStatus;
import io.slidestream.core.grid.ProbabilityMaps;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The rules that merge a slide's events into its {@link SlideRecord} and score chunks. Manifests, score
 * batches and status changes come on three topics, so they arrive in any order and possibly more than once:
 * a cell keeps the first score it gets (a redelivered batch counts once), scores that come before the
 * manifest wait in {@link PendingScores}, and each change takes the time of the event that causes it, so a
 * replay gives the same record. A patch that could not be read is counted as failed until a later delivery
 * scores it (a failure never replaces a score); a slide is complete once every patch is scored or failed,
 * and FAILED when every one of them failed. An event that is not usable throws
 * {@link IllegalArgumentException} before anything changes, so the caller can move it to the dead-letter topic.
 *
 * <p>A score that comes with its probability map (a probability-map model's) has the map kept beside it, in
 * the {@link MapStore}, written and deleted with the score. The first map of a slide's run fixes the slide's
 * sub-cell edge ({@link SlideRecord#mapEdge()}, lowered where needed so that the slide's sub-cells stay within
 * {@link #MAX_CELLS}); maps of another edge (workers configured otherwise) are resized to it by maximum, and a
 * cell scored without a map counts its score in each of its sub-cells.
 *
 * <p>Not thread-safe: the caller serialises the events of one slide (Kafka Streams does, per partition).
 */
public final class SlideLedger {
    /** 2^24 cells, 64 MiB of scores: far above any real slide, low enough that one bad manifest cannot exhaust the heap. */
    static final int MAX_CELLS = 1 << 24;

    private final CellStore cells;
    private final MapStore maps;
    private final PendingScores pending;
    private final double threshold;

    /** @param threshold tumour from this score on, for slides whose scores do not state their model's */
    public SlideLedger(CellStore cells, MapStore maps, PendingScores pending, double threshold) {
        this.cells = cells;
        this.maps = maps;
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
        completeIfAllSettled(slide, at);
        return new Applied(slide, before, dropped);
    }

    /**
     * Scores and failed patches of one batch, all or none; buffered until the manifest is known.
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
            completeIfAllSettled(slide, at);
        }
        slide.updatedAt = at;
        return new Applied(slide, before, 0);
    }

    /**
     * A lifecycle change from another service. COMPLETE is not taken from others: a slide is complete when
     * the aggregator holds a score (or a failure) for every patch.
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

    /**
     * The slide's sub-cell raster ({@link ScoreChunks#readSubCells}) at its {@link SlideRecord#mapEdge()}; null
     * before the manifest and for a slide without maps.
     *
     * @param scores the slide's scores, as {@link #scores} gives them
     */
    public float[] subCellScores(SlideRecord slide, float[] scores) {
        if (slide.manifest == null || slide.mapEdge == null) {
            return null;
        }
        return chunksOf(slide.manifest).readSubCells(maps, slide.slideId, scores, slide.mapEdge);
    }

    /**
     * The largest sub-cell edge, at most {@code edge}, that keeps a slide of {@code cellCount} cells within
     * {@link #MAX_CELLS} sub-cells: the sub-cell raster is never larger than the largest grid accepted.
     */
    static int subCellEdgeFor(long cellCount, int edge) {
        int fitting = edge;
        while (fitting > 1 && cellCount * fitting * fitting > MAX_CELLS) {
            fitting--;
        }
        return fitting;
    }

    private void record(SlideRecord slide, ScoreBatch batch, Instant at) {
        ScoreChunks chunks = chunksOf(slide.manifest);
        for (PatchScore patch : batch.scores()) {
            requireInGrid(slide, chunks, patch.col(), patch.row());
        }
        for (FailedPatch patch : batch.failed()) {
            requireInGrid(slide, chunks, patch.col(), patch.row());
        }
        if (!maps.keepsMaps() && batch.scores().stream().anyMatch(patch -> patch.map() != null)) {
            throw new IllegalArgumentException("slide " + slide.slideId + ": batch " + batch.batchIndex()
                    + " carries probability maps, which this ledger does not keep");
        }
        // A final slide's verdict (or failure) was given on its failed cells: a late score leaves them failed.
        boolean settled = slide.lifecycle.state().isFinal();
        if (slide.threshold == null) {
            slide.threshold = batch.threshold();
        }
        double tumourFrom = slide.threshold(threshold);
        Map<Integer, float[]> touched = new HashMap<>();
        Map<Integer, MapChunk> touchedMaps = new HashMap<>();
        for (PatchScore patch : batch.scores()) {
            float[] chunk = chunkHolding(touched, chunks, slide, patch.col(), patch.row());
            int offset = ScoreChunks.offsetOf(patch.col(), patch.row());
            if (chunk[offset] == ScoreChunks.FAILED && !settled) {
                slide.patchesFailed--;
            } else if (!Float.isNaN(chunk[offset])) {
                slide.duplicateScores++;
                continue;
            }
            chunk[offset] = patch.score();
            int[] map = patch.map();
            if (map != null) {
                if (slide.mapEdge == null) {
                    slide.mapEdge = subCellEdgeFor(slide.manifest.grid().cellCount(), ProbabilityMaps.edgeOf(map.length));
                }
                mapChunkHolding(touchedMaps, chunks, slide, patch.col(), patch.row())
                        .put(offset, ProbabilityMaps.resize(map, slide.mapEdge));
            }
            slide.patchesScored++;
            if (patch.score() >= tumourFrom) {
                slide.tumourPatches++;
            }
            if (slide.maxScore == null || patch.score() > slide.maxScore) {
                slide.maxScore = patch.score();
            }
        }
        for (FailedPatch patch : batch.failed()) {
            float[] chunk = chunkHolding(touched, chunks, slide, patch.col(), patch.row());
            int offset = ScoreChunks.offsetOf(patch.col(), patch.row());
            if (!Float.isNaN(chunk[offset])) {
                slide.duplicateScores++;
                continue;
            }
            chunk[offset] = ScoreChunks.FAILED;
            slide.patchesFailed++;
            if (slide.firstFailure == null) {
                slide.firstFailure = "cell (" + patch.col() + ", " + patch.row() + "): "
                        + (patch.reason() == null || patch.reason().isBlank() ? "no reason given" : patch.reason());
            }
        }
        touched.forEach((index, chunk) -> cells.put(slide.slideId, index, chunk));
        touchedMaps.forEach((index, chunk) -> maps.put(slide.slideId, index, chunk));
        if (slide.modelId == null) {
            slide.modelId = batch.modelId();
        }
        if (slide.firstScoredAt == null) {
            slide.firstScoredAt = at;
        }
        slide.lastScoredAt = at;
    }

    private float[] chunkHolding(Map<Integer, float[]> touched, ScoreChunks chunks, SlideRecord slide, int col, int row) {
        return touched.computeIfAbsent(chunks.chunkOf(col, row), index -> {
            float[] stored = cells.get(slide.slideId, index);
            return stored != null ? stored : ScoreChunks.emptyChunk();
        });
    }

    private MapChunk mapChunkHolding(Map<Integer, MapChunk> touched, ScoreChunks chunks, SlideRecord slide, int col, int row) {
        return touched.computeIfAbsent(chunks.chunkOf(col, row), index -> {
            MapChunk stored = maps.get(slide.slideId, index);
            return stored != null ? stored : MapChunk.empty(slide.mapEdge);
        });
    }

    private static void requireInGrid(SlideRecord slide, ScoreChunks chunks, int col, int row) {
        if (!chunks.contains(col, row)) {
            throw new IllegalArgumentException("slide " + slide.slideId + ": cell (" + col + ", " + row
                    + ") outside its " + chunks.cols() + "x" + chunks.rows() + " grid");
        }
    }

    private void startOver(SlideRecord slide, Instant at) {
        ScoreChunks old = chunksOf(slide.manifest);
        for (int chunk = 0; chunk < old.chunkCount(); chunk++) {
            cells.delete(slide.slideId, chunk);
            if (slide.mapEdge != null) {
                maps.delete(slide.slideId, chunk);
            }
        }
        slide.mapEdge = null;
        slide.lifecycle = new SlideLifecycle(at);
        slide.patchesScored = 0;
        slide.patchesFailed = 0;
        slide.firstFailure = null;
        slide.duplicateScores = 0;
        slide.tumourPatches = 0;
        slide.maxScore = null;
        slide.modelId = null;
        slide.threshold = null;
        slide.firstScoredAt = null;
        slide.lastScoredAt = null;
        slide.verdict = null;
    }

    /** Complete once every patch is scored or failed; FAILED when none could be scored (nothing was analysed). */
    private static void completeIfAllSettled(SlideRecord slide, Instant at) {
        if (slide.patchesScored + slide.patchesFailed < slide.manifest.patchCount()) {
            return;
        }
        if (slide.patchesScored == 0 && slide.patchesFailed > 0) {
            slide.lifecycle.advance(SlideState.FAILED, at, "all " + slide.patchesFailed
                    + " patches could not be read, so nothing was analysed; the first: " + slide.firstFailure);
        } else {
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
