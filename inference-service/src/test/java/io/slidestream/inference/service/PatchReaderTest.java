package io.slidestream.inference.service;

import io.slidestream.core.events.Contract;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.InputGeometry;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.PatchBatch.PatchRef;
import io.slidestream.core.events.Priority;
import io.slidestream.core.model.InputRole;
import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.Slide;
import io.slidestream.core.slide.SlideCache;
import io.slidestream.core.slide.SlidePathException;
import io.slidestream.core.slide.SlideRoots;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PatchReaderTest {
    private static final Path SLIDES = Path.of(System.getProperty("slidestream.testdata"), "slides");
    /** boxes.tiff (300x250): 16 px patches at level 0, 16 px context read at level 1 as it is. */
    private static final GridGeometry GRID = new GridGeometry("test", 16, 18, 15, List.of(
            new InputGeometry("patch", InputRole.PATCH, 16, 1, 1, 0, 1, 16),
            new InputGeometry("context", InputRole.CONTEXT, 16, 2, 2, 1, 2, 16)));

    @Test
    void patchesAndContextsAreTheSlidesPixelsRescaledToMinusOneToOne() {
        List<PatchRef> patches = List.of(new PatchRef(1, 1, GRID.originX(1), GRID.originY(1)),
                new PatchRef(17, 14, GRID.originX(17), GRID.originY(14)));
        PatchTensors tensors;
        try (SlideCache cache = new SlideCache(1)) {
            tensors = new PatchReader(cache, new SlideRoots(List.of(SLIDES))).read(batch("boxes.tiff", patches));
        }
        assertEquals(2, tensors.inputs().length);
        try (Slide slide = Slide.open(SLIDES.resolve("boxes.tiff"))) {
            for (int i = 0; i < patches.size(); i++) {
                PatchRef p = patches.get(i);
                assertPixels(slide.read(GRID.inputRegion(0, p.col(), p.row())), tensors.inputs()[0], i);
                assertPixels(slide.read(GRID.inputRegion(1, p.col(), p.row())), tensors.inputs()[1], i);
            }
        }
        assertEquals(17, tensors.cols()[1]);
    }

    @Test
    void referenceOutsideTheRootsIsRefusedBeforeAnythingIsOpened() {
        try (SlideCache cache = new SlideCache(1)) {
            PatchReader reader = new PatchReader(cache, new SlideRoots(List.of(SLIDES)));
            assertThrows(SlidePathException.class, () -> reader.read(batch("../../../etc/passwd", List.of())));
            assertEquals(0, cache.size());
        }
    }

    private static PatchBatch batch(String ref, List<PatchRef> patches) {
        return new PatchBatch(Contract.SCHEMA_VERSION, "s", ref, 0, GRID, Priority.ROUTINE, patches);
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
