package io.slidestream.core.events;

import java.util.List;

/**
 * The outcome for the patches of one {@link PatchBatch}: a tumour probability for each patch that was
 * read and scored, and the patches whose pixels could not be read, with why. A failed patch is never
 * given a score (no score is ever made from a blank buffer); the aggregator counts it as failed, and it
 * can still be scored by a later delivery.
 *
 * @param batchIndex  the patch batch these scores answer
 * @param modelId     which model scored them (name and version), for the run metadata
 * @param scores      one per scored patch, in [0, 1]
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

    public record PatchScore(int col, int row, float score) {
    }

    /** A patch that could not be scored, and why (e.g. the region holding it failed to decode). */
    public record FailedPatch(int col, int row, String reason) {
    }
}
