package io.slidestream.core.events;

import java.util.List;

/**
 * Neighbouring tissue patches of one slide, sent in one message so per-message overhead is paid once
 * per batch and a worker can read the region that covers them in one go.
 *
 * @param slideRef    the slide file relative to the slide roots; workers resolve it inside their own roots
 * @param batchIndex  0-based index among the slide's batches ({@link SlideManifest#batchCount()})
 * @param grid        the slide's patch grid and how each input is read
 * @param priority    urgent or routine (urgent batches travel on {@link Topics#PATCH_BATCHES_URGENT})
 * @param patches     the patches: grid cell and level-0 top-left corner
 */
public record PatchBatch(int schemaVersion, String slideId, String slideRef, int batchIndex, GridGeometry grid,
                         Priority priority, List<PatchRef> patches) {

    /** One patch: its grid cell and the level-0 coordinates of its top-left corner. */
    public record PatchRef(int col, int row, long x, long y) {
    }
}
