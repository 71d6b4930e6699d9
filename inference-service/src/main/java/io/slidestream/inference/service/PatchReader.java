package io.slidestream.inference.service;

import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.PatchBatch.PatchRef;
import io.slidestream.core.model.ModelMetadata;
import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.SlideCache;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads the pixels of one patch batch. The batch's patches are neighbours, so one region read per level
 * covers them all: OpenSlide decodes each JPEG tile once instead of once per patch. Any read error
 * propagates as a SlideException; nothing is ever scored from a blank buffer.
 */
public final class PatchReader {
    private final SlideCache slides;

    public PatchReader(SlideCache slides) {
        this.slides = slides;
    }

    public PatchTensors read(PatchBatch batch, ModelMetadata model) {
        GridGeometry grid = batch.grid();
        if (grid.patchSize() != model.inputSize()) {
            throw new IllegalArgumentException("batch " + batch.batchIndex() + " of slide " + batch.slideId()
                    + " has " + grid.patchSize() + " px patches but model " + model.id() + " takes "
                    + model.inputSize() + " px");
        }
        List<PatchRef> patches = batch.patches();
        int n = patches.size();
        int size = grid.patchSize();
        long[] contextX = new long[n];
        long[] contextY = new long[n];
        for (int i = 0; i < n; i++) {
            contextX[i] = grid.contextOriginX(patches.get(i).x());
            contextY[i] = grid.contextOriginY(patches.get(i).y());
        }
        long[] patchX = patches.stream().mapToLong(PatchRef::x).toArray();
        long[] patchY = patches.stream().mapToLong(PatchRef::y).toArray();
        int[] cols = patches.stream().mapToInt(PatchRef::col).toArray();
        int[] rows = patches.stream().mapToInt(PatchRef::row).toArray();
        try (SlideCache.Lease lease = slides.acquire(Path.of(batch.slidePath()))) {
            float[] patchPixels = readLevel(lease, grid.level(), grid.downsample(), size, patchX, patchY);
            float[] contextPixels = model.hasContextInput()
                    ? readLevel(lease, grid.contextLevel(), grid.contextDownsample(), size, contextX, contextY)
                    : null;
            return new PatchTensors(n, size, patchPixels, contextPixels, cols, rows);
        }
    }

    /**
     * Reads the region covering all patches at one level and cuts the patches out of it. Where a level's
     * downsample is not an integer (some scanners' coarse levels), offsets are rounded to whole pixels of
     * the region, while a lone read at the same level-0 point would be resampled by OpenSlide.
     */
    private static float[] readLevel(SlideCache.Lease lease, int level, double downsample, int size,
                                     long[] xs, long[] ys) {
        long minX = Long.MAX_VALUE;
        long minY = Long.MAX_VALUE;
        long maxX = Long.MIN_VALUE;
        long maxY = Long.MIN_VALUE;
        for (int i = 0; i < xs.length; i++) {
            minX = Math.min(minX, xs[i]);
            minY = Math.min(minY, ys[i]);
            maxX = Math.max(maxX, xs[i]);
            maxY = Math.max(maxY, ys[i]);
        }
        int width = (int) Math.round((maxX - minX) / downsample) + size;
        int height = (int) Math.round((maxY - minY) / downsample) + size;
        RgbImage region = lease.slide().read(new RegionRequest(level, minX, minY, width, height));
        float[] out = new float[xs.length * size * size * 3];
        byte[] rgb = region.rgb();
        for (int i = 0; i < xs.length; i++) {
            int left = (int) Math.round((xs[i] - minX) / downsample);
            int top = (int) Math.round((ys[i] - minY) / downsample);
            int o = i * size * size * 3;
            for (int y = 0; y < size; y++) {
                int from = ((top + y) * width + left) * 3;
                for (int k = 0; k < size * 3; k++) {
                    out[o++] = (rgb[from + k] & 0xff) / 127.5f - 1f; // the seeds' [-1, 1] rescaling
                }
            }
        }
        return out;
    }
}
