package io.slidestream.core.grid;

import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.InputGeometry;
import io.slidestream.core.events.PatchBatch.PatchRef;
import io.slidestream.core.slide.AreaResampler;
import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.Slide;

import java.util.List;

/**
 * Reads the model inputs of a set of cells as RGB bytes: for each input, one region read at the input's
 * level covering all the cells (neighbouring patches share JPEG tiles, so each tile is decoded once),
 * then each patch is cut out on whole pixels of that level and resampled to the input size where the
 * profile asks. Cells far apart are read one by one instead of through a mostly-wasted region. Any read
 * error propagates; nothing is ever returned from a blank buffer.
 *
 * <p>{@link #readEach} reads every patch and every context patch on its own instead: the naive way, for
 * comparison, and for finding which cells of a region that failed to read are themselves unreadable.
 */
public final class PatchPixelReader {
    /** Read cell by cell when the covering region would decode this many times the pixels needed. */
    static final int MAX_WASTE = 4;

    private PatchPixelReader() {
    }

    /**
     * @return per input (in the grid's order), {@code size × size × 3} bytes per cell, cells in the given order
     */
    public static byte[][] read(Slide slide, GridGeometry grid, List<PatchRef> cells) {
        return read(slide, grid, cells, new ReadTally(), false);
    }

    /** As {@link #read(Slide, GridGeometry, List)}, counting the reads into {@code tally}. */
    public static byte[][] read(Slide slide, GridGeometry grid, List<PatchRef> cells, ReadTally tally) {
        return read(slide, grid, cells, tally, false);
    }

    /** As {@link #read(Slide, GridGeometry, List, ReadTally)}, with one read per cell and input. */
    public static byte[][] readEach(Slide slide, GridGeometry grid, List<PatchRef> cells, ReadTally tally) {
        return read(slide, grid, cells, tally, true);
    }

    private static byte[][] read(Slide slide, GridGeometry grid, List<PatchRef> cells, ReadTally tally, boolean each) {
        byte[][] inputs = new byte[grid.inputs().size()][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = readInput(slide, grid, i, cells, tally, each);
        }
        return inputs;
    }

    private static byte[] readInput(Slide slide, GridGeometry grid, int input, List<PatchRef> cells, ReadTally tally,
                                    boolean each) {
        InputGeometry in = grid.inputs().get(input);
        int n = cells.size();
        long[] lefts = new long[n];
        long[] tops = new long[n];
        long minX = Long.MAX_VALUE, minY = Long.MAX_VALUE, maxX = Long.MIN_VALUE, maxY = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            lefts[i] = grid.inputLeft(input, cells.get(i).col());
            tops[i] = grid.inputTop(input, cells.get(i).row());
            minX = Math.min(minX, lefts[i]);
            minY = Math.min(minY, tops[i]);
            maxX = Math.max(maxX, lefts[i]);
            maxY = Math.max(maxY, tops[i]);
        }
        int read = in.readSize();
        long regionWidth = maxX - minX + read;
        long regionHeight = maxY - minY + read;
        long needed = (long) n * read * read;
        AreaResampler resampler = in.resampled() ? new AreaResampler(read, read, in.size(), in.size()) : null;
        int patchBytes = in.size() * in.size() * 3;
        byte[] out = new byte[n * patchBytes];
        if (!each && regionWidth * regionHeight <= Math.min(RegionRequest.MAX_PIXELS, MAX_WASTE * needed)) {
            RegionRequest request = new RegionRequest(in.level(), GridGeometry.level0(in, minX),
                    GridGeometry.level0(in, minY), (int) regionWidth, (int) regionHeight);
            RgbImage region = slide.read(request);
            tally.add(slide, request);
            for (int i = 0; i < n; i++) {
                int offset = (int) ((tops[i] - minY) * regionWidth + (lefts[i] - minX)) * 3;
                place(region.rgb(), offset, (int) regionWidth, read, resampler, out, i * patchBytes);
            }
        } else {
            for (int i = 0; i < n; i++) {
                RegionRequest request = grid.inputRegion(input, cells.get(i).col(), cells.get(i).row());
                RgbImage patch = slide.read(request);
                tally.add(slide, request);
                place(patch.rgb(), 0, read, read, resampler, out, i * patchBytes);
            }
        }
        return out;
    }

    private static void place(byte[] source, int offset, int stride, int read, AreaResampler resampler,
                              byte[] out, int outOffset) {
        if (resampler != null) {
            resampler.resample(source, offset, stride, out, outOffset);
            return;
        }
        for (int y = 0; y < read; y++) {
            System.arraycopy(source, offset + y * stride * 3, out, outOffset + y * read * 3, read * 3);
        }
    }
}
