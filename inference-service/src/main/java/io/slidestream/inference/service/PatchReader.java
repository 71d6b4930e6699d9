package io.slidestream.inference.service;

import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.PatchBatch.PatchRef;
import io.slidestream.core.grid.PatchPixelReader;
import io.slidestream.core.slide.SlideCache;
import io.slidestream.core.slide.SlideRoots;

import java.util.List;

/**
 * Reads the pixels of one patch batch: resolves the batch's slide reference inside this service's slide
 * roots and reads every model input through slide-core's {@link PatchPixelReader} (one region per input,
 * resampled where the grid says), then rescales to the model's [-1, 1]. Any read error propagates as a
 * SlideException; nothing is ever scored from a blank buffer.
 */
public final class PatchReader {
    private final SlideCache slides;
    private final SlideRoots roots;

    public PatchReader(SlideCache slides, SlideRoots roots) {
        this.slides = slides;
        this.roots = roots;
    }

    public PatchTensors read(PatchBatch batch) {
        List<PatchRef> patches = batch.patches();
        byte[][] pixels;
        try (SlideCache.Lease lease = slides.acquire(roots.resolve(batch.slideRef()))) {
            pixels = PatchPixelReader.read(lease.slide(), batch.grid(), patches);
        }
        float[][] inputs = new float[pixels.length][];
        for (int i = 0; i < pixels.length; i++) {
            inputs[i] = minusOneToOne(pixels[i]);
        }
        int[] cols = patches.stream().mapToInt(PatchRef::col).toArray();
        int[] rows = patches.stream().mapToInt(PatchRef::row).toArray();
        return new PatchTensors(patches.size(), inputs, cols, rows);
    }

    /** The seeds' rescaling: v / 127.5 - 1. */
    private static float[] minusOneToOne(byte[] rgb) {
        float[] out = new float[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            out[i] = (rgb[i] & 0xff) / 127.5f - 1f;
        }
        return out;
    }
}
