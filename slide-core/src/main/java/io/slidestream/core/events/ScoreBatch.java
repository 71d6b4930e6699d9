package io.slidestream.core.events;

import java.util.List;

/**
 * Tumour probabilities for the patches of one {@link PatchBatch}.
 *
 * @param batchIndex  the patch batch these scores answer
 * @param modelId     which model scored them (name and version), for the run metadata
 * @param scores      one per patch, in [0, 1]
 */
public record ScoreBatch(int schemaVersion, String slideId, int batchIndex, String modelId,
                         List<PatchScore> scores) {

    public record PatchScore(int col, int row, float score) {
    }
}
