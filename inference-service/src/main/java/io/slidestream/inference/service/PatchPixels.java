package io.slidestream.inference.service;

import io.slidestream.core.events.PatchBatch.PatchRef;
import io.slidestream.core.events.ScoreBatch.FailedPatch;

import java.util.List;

/**
 * The pixels of a patch batch as read: RGB bytes of every input for the patches that could be read, and
 * the patches that could not, with why.
 *
 * @param read    the patches read, in the batch's order
 * @param inputs  per model input, {@code size × size × 3} bytes per read patch, in {@code read}'s order
 * @param failed  the patches whose pixels could not be read
 */
public record PatchPixels(List<PatchRef> read, byte[][] inputs, List<FailedPatch> failed) {

    public int count() {
        return read.size();
    }
}
