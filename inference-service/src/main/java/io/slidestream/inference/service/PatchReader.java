package io.slidestream.inference.service;

import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.PatchBatch.PatchRef;
import io.slidestream.core.events.ScoreBatch.FailedPatch;
import io.slidestream.core.grid.PatchPixelReader;
import io.slidestream.core.grid.ReadTally;
import io.slidestream.core.slide.SlideCache;
import io.slidestream.core.slide.SlideException;
import io.slidestream.core.slide.SlideRoots;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the pixels of one patch batch as bytes: resolves the batch's slide reference inside this service's
 * slide roots and reads every model input through slide-core's {@link PatchPixelReader}, with the slide
 * handle from the cache. When the batch's region cannot be read (a corrupt tile), each patch is read on its
 * own to find which ones are unreadable: those are failed patches, never scored from a blank buffer, and the
 * others are read. A slide that cannot be opened at all (it vanished, it is no slide) fails the whole batch
 * with a {@link SlideException}; a reference outside the roots with a SlidePathException.
 */
public final class PatchReader {
    private final SlideCache slides;
    private final SlideRoots roots;

    public PatchReader(SlideCache slides, SlideRoots roots) {
        this.slides = slides;
        this.roots = roots;
    }

    /** Every patch read through regions covering the batch, nothing tallied. */
    public PatchPixels read(PatchBatch batch) {
        return read(batch, false, new ReadTally());
    }

    /**
     * @param eachOnItsOwn one read per patch and input instead of regions covering the batch
     * @param tally        counts the reads
     */
    public PatchPixels read(PatchBatch batch, boolean eachOnItsOwn, ReadTally tally) {
        Path file = roots.resolve(batch.slideRef());
        List<PatchRef> patches = batch.patches();
        try (SlideCache.Lease lease = slides.acquire(file)) {
            byte[][] pixels = eachOnItsOwn
                    ? PatchPixelReader.readEach(lease.slide(), batch.grid(), patches, tally)
                    : PatchPixelReader.read(lease.slide(), batch.grid(), patches, tally);
            return new PatchPixels(patches, pixels, List.of());
        } catch (SlideException regionFailed) {
            if (patches.size() == 1 && eachOnItsOwn) {
                return new PatchPixels(List.of(), empty(batch.grid()), failures(batch, regionFailed));
            }
            return readOneByOne(batch, file, tally);
        }
    }

    /**
     * After a failed read OpenSlide's handle is unusable (its error state is permanent): the cache drops it,
     * so each patch here gets a working handle, a fresh one after each failure. A failed open is not a
     * patch's fault and propagates.
     */
    private PatchPixels readOneByOne(PatchBatch batch, Path file, ReadTally tally) {
        GridGeometry grid = batch.grid();
        List<PatchRef> read = new ArrayList<>();
        List<FailedPatch> failed = new ArrayList<>();
        List<byte[][]> pixels = new ArrayList<>();
        for (PatchRef patch : batch.patches()) {
            try (SlideCache.Lease lease = slides.acquire(file)) {
                try {
                    pixels.add(PatchPixelReader.readEach(lease.slide(), grid, List.of(patch), tally));
                    read.add(patch);
                } catch (SlideException e) {
                    failed.add(failure(batch, patch, e));
                }
            }
        }
        byte[][] inputs = empty(grid);
        for (int i = 0; i < inputs.length; i++) {
            int bytes = grid.inputs().get(i).size() * grid.inputs().get(i).size() * 3;
            inputs[i] = new byte[read.size() * bytes];
            for (int p = 0; p < read.size(); p++) {
                System.arraycopy(pixels.get(p)[i], 0, inputs[i], p * bytes, bytes);
            }
        }
        return new PatchPixels(read, inputs, failed);
    }

    private static byte[][] empty(GridGeometry grid) {
        byte[][] inputs = new byte[grid.inputs().size()][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = new byte[0];
        }
        return inputs;
    }

    private static List<FailedPatch> failures(PatchBatch batch, SlideException e) {
        return batch.patches().stream().map(p -> failure(batch, p, e)).toList();
    }

    private static FailedPatch failure(PatchBatch batch, PatchRef patch, SlideException e) {
        return new FailedPatch(patch.col(), patch.row(), e.messageNaming(batch.slideRef()));
    }
}
