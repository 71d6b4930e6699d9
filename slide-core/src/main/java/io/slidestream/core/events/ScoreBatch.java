package io.slidestream.core.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.slidestream.core.grid.ProbabilityMaps;

import java.util.Arrays;
import java.util.List;

/**
 * The outcome for the patches of one {@link PatchBatch}: a tumour probability for each patch that was
 * read and scored, and the patches whose pixels could not be read, with why. A failed patch is never
 * given a score (no score is ever made from a blank buffer); the aggregator counts it as failed, and it
 * can still be scored by a later delivery.
 *
 * @param batchIndex  the patch batch these scores answer
 * @param modelId     which model scored them (name and version), for the run metadata
 * @param scores      one per scored patch, in [0, 1]; with its probability map when the model gives one
 * @param failed      the batch's patches that were not scored; empty when all were (absent in messages
 *                    written before it existed)
 * @param threshold   the model's threshold (its package's metadata), at or above which a score is tumour: the
 *                    aggregator draws masks and verdicts with it; null in messages written before it existed
 *                    (the aggregator then uses its own setting)
 */
public record ScoreBatch(int schemaVersion, String slideId, int batchIndex, String modelId,
                         List<PatchScore> scores, List<FailedPatch> failed, Double threshold) {

    public ScoreBatch {
        failed = failed == null ? List.of() : List.copyOf(failed);
    }

    /** Without the model's threshold. */
    public ScoreBatch(int schemaVersion, String slideId, int batchIndex, String modelId, List<PatchScore> scores,
                      List<FailedPatch> failed) {
        this(schemaVersion, slideId, batchIndex, modelId, scores, failed, null);
    }

    /** Every patch of the batch scored, without the model's threshold. */
    public ScoreBatch(int schemaVersion, String slideId, int batchIndex, String modelId, List<PatchScore> scores) {
        this(schemaVersion, slideId, batchIndex, modelId, scores, List.of(), null);
    }

    /**
     * One scored patch.
     *
     * @param score the patch's tumour probability; for a probability-map model the maximum of its map, so every
     *              reader of one score per patch (scores.csv, counts, a patch-level threshold) works unchanged
     * @param map   null (absent in JSON) for a model with one probability per patch; for a probability-map
     *              model the patch's map reduced to k × k sub-cells (k = √length, 1..{@value ProbabilityMaps#MAX_EDGE}),
     *              row-major from the patch's top-left corner, each the maximum probability of the model pixels it
     *              covers as a whole number 0..255 (probability × 255, see {@link ProbabilityMaps}). For k = 8
     *              that is 64 values, at most about 260 bytes of JSON a patch.
     */
    public record PatchScore(int col, int row, float score, @JsonInclude(JsonInclude.Include.NON_NULL) int[] map) {

        public PatchScore {
            if (map != null) {
                ProbabilityMaps.requireValid(map);
                map = map.clone();
            }
        }

        /** A patch of a model with one probability per patch. */
        public PatchScore(int col, int row, float score) {
            this(col, row, score, null);
        }

        @Override
        public int[] map() {
            return map == null ? null : map.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof PatchScore that && col == that.col && row == that.row
                    && Float.compare(score, that.score) == 0 && Arrays.equals(map, that.map);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * (31 * col + row) + Float.hashCode(score)) + Arrays.hashCode(map);
        }

        @Override
        public String toString() {
            return "PatchScore[col=" + col + ", row=" + row + ", score=" + score
                    + (map == null ? "" : ", map=" + Arrays.toString(map)) + "]";
        }
    }

    /** A patch that could not be scored, and why (e.g. the region holding it failed to decode). */
    public record FailedPatch(int col, int row, String reason) {
    }
}
