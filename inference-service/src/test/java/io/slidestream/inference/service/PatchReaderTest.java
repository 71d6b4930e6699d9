package io.slidestream.inference.service;

import io.slidestream.core.events.Contract;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.PatchBatch.PatchRef;
import io.slidestream.core.model.ModelMetadata;
import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.Slide;
import io.slidestream.core.slide.SlideCache;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PatchReaderTest {
    private static final Path BOXES = Path.of(System.getProperty("slidestream.testdata"), "slides", "boxes.tiff");
    private static final ModelMetadata MODEL = new ModelMetadata("m", "1", 16, "patch", "context", "p",
            ModelMetadata.MINUS_ONE_TO_ONE, 0.5);

    @Test
    void oneRegionReadPerLevelGivesTheSamePixelsAsReadingEachPatchAlone() {
        // boxes.tiff: 300x250; levels 0 and 1 have exact downsamples 1 and 2 (the coarser ones 4.016 and
        // 8.086, where OpenSlide resamples a single read at a fractional offset, so only these compare exactly).
        GridGeometry grid = new GridGeometry(0, 1, 16, 1, 2, 18, 15);
        List<PatchRef> patches = List.of(new PatchRef(1, 1, grid.originX(1), grid.originY(1)),
                new PatchRef(3, 1, grid.originX(3), grid.originY(1)), new PatchRef(17, 14, grid.originX(17), grid.originY(14)));
        PatchBatch batch = new PatchBatch(Contract.SCHEMA_VERSION, "s", BOXES.toAbsolutePath().toString(), 0, grid,
                patches);
        PatchTensors tensors;
        try (SlideCache cache = new SlideCache(1)) {
            tensors = new PatchReader(cache).read(batch, MODEL);
        }
        try (Slide slide = Slide.open(BOXES)) {
            for (int i = 0; i < patches.size(); i++) {
                PatchRef p = patches.get(i);
                assertPixels(slide.read(new RegionRequest(0, p.x(), p.y(), 16, 16)), tensors.patches(), i);
                assertPixels(slide.read(new RegionRequest(1, grid.contextOriginX(p.x()), grid.contextOriginY(p.y()), 16, 16)),
                        tensors.contexts(), i);
            }
        }
    }

    @Test
    void patchSizeOtherThanTheModelInputIsRefused() {
        GridGeometry grid = new GridGeometry(1, 2, 32, 3, 8, 4, 3);
        PatchBatch batch = new PatchBatch(Contract.SCHEMA_VERSION, "s", BOXES.toAbsolutePath().toString(), 0, grid,
                List.of(new PatchRef(0, 0, 0, 0)));
        try (SlideCache cache = new SlideCache(1)) {
            assertThrows(IllegalArgumentException.class, () -> new PatchReader(cache).read(batch, MODEL));
        }
    }

    private static void assertPixels(RgbImage expected, float[] tensor, int index) {
        int size = expected.width();
        int offset = index * size * size * 3;
        byte[] rgb = expected.rgb();
        for (int k = 0; k < rgb.length; k++) {
            assertEquals((rgb[k] & 0xff) / 127.5f - 1f, tensor[offset + k], 1e-6, "value " + k + " of patch " + index);
        }
    }
}
