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
 * resampled where the grid says), then, where the model package asks for it, normalises each input
 * image's stain ({@link ReinhardNormaliser}: patch and context each to the same reference), then rescales
 * to the model's [-1, 1]. Any read error propagates as a SlideException; nothing is ever scored from a
 * blank buffer.
 */
public final class PatchReader {
    private final SlideCache slides;
    private final SlideRoots roots;
    private final ReinhardNormaliser stain;

    public PatchReader(SlideCache slides, SlideRoots roots) {
        this(slides, roots, null);
    }

    /** @param stain the stain normalisation of every input image, or null for none */
    public PatchReader(SlideCache slides, SlideRoots roots, ReinhardNormaliser stain) {
        this.slides = slides;
        this.roots = roots;
        this.stain = stain;
    }

    public PatchTensors read(PatchBatch batch) {
        List<PatchRef> patches = batch.patches();
        byte[][] pixels;
        try (SlideCache.Lease lease = slides.acquire(roots.resolve(batch.slideRef()))) {
            pixels = PatchPixelReader.read(lease.slide(), batch.grid(), patches);
        }
        float[][] inputs = new float[pixels.length][];
        for (int i = 0; i < pixels.length; i++) {
            inputs[i] = toModelInput(pixels[i], patches.size(), stain);
        }
        int[] cols = patches.stream().mapToInt(PatchRef::col).toArray();
        int[] rows = patches.stream().mapToInt(PatchRef::row).toArray();
        return new PatchTensors(patches.size(), inputs, cols, rows);
    }

    /**
     * One input's NHWC bytes of {@code count} images as the model's floats: stain-normalised image by
     * image when {@code stain} is given, then the seeds' rescaling v / 127.5 - 1.
     */
    static float[] toModelInput(byte[] rgb, int count, ReinhardNormaliser stain) {
        float[] out = new float[rgb.length];
        if (stain == null) {
            for (int i = 0; i < rgb.length; i++) {
                out[i] = (rgb[i] & 0xff) / 127.5f - 1f;
            }
            return out;
        }
        int imageValues = count == 0 ? 0 : rgb.length / count;
        for (int n = 0; n < count; n++) {
            stain.normalise(rgb, n * imageValues, imageValues / 3, out);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i] / 127.5f - 1f;
        }
        return out;
    }
}
