package io.slidestream.inference.service;

import io.slidestream.core.events.Contract;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.InputGeometry;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.PatchBatch.PatchRef;
import io.slidestream.core.events.Priority;
import io.slidestream.core.events.ScoreBatch.FailedPatch;
import io.slidestream.core.grid.PatchPixelReader;
import io.slidestream.core.model.InputRole;
import io.slidestream.core.slide.Slide;
import io.slidestream.core.slide.SlideCache;
import io.slidestream.core.slide.SlideException;
import io.slidestream.core.slide.SlidePathException;
import io.slidestream.core.slide.SlideRoots;
import io.slidestream.inference.DemoGrids;
import io.slidestream.synth.DamagedTiles;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatchReaderTest {
    private static final Path SLIDES = Path.of(System.getProperty("slidestream.testdata"), "slides");
    /** boxes.tiff (300x250): 16 px patches at level 0, 16 px context read at level 1 as it is. */
    private static final GridGeometry GRID = new GridGeometry("test", 16, 18, 15, List.of(
            new InputGeometry("patch", InputRole.PATCH, 16, 1, 1, 0, 1, 16),
            new InputGeometry("context", InputRole.CONTEXT, 16, 2, 2, 1, 2, 16)));

    @Test
    void patchesAndContextsAreTheSlidesPixelsAsBytes() {
        List<PatchRef> patches = List.of(new PatchRef(1, 1, GRID.originX(1), GRID.originY(1)),
                new PatchRef(17, 14, GRID.originX(17), GRID.originY(14)));
        PatchPixels pixels;
        try (SlideCache cache = new SlideCache(1)) {
            pixels = new PatchReader(cache, new SlideRoots(List.of(SLIDES))).read(batch("boxes.tiff", GRID, patches));
        }
        assertEquals(patches, pixels.read());
        assertEquals(List.of(), pixels.failed());
        try (Slide slide = Slide.openThroughOpenSlide(SLIDES.resolve("boxes.tiff"))) {
            for (int i = 0; i < patches.size(); i++) {
                PatchRef p = patches.get(i);
                assertArrayEquals(slide.read(GRID.inputRegion(0, p.col(), p.row())).rgb(), image(pixels.inputs()[0], i, 16));
                assertArrayEquals(slide.read(GRID.inputRegion(1, p.col(), p.row())).rgb(), image(pixels.inputs()[1], i, 16));
            }
        }
    }

    @Test
    void referenceOutsideTheRootsIsRefusedBeforeAnythingIsOpened() {
        try (SlideCache cache = new SlideCache(1)) {
            PatchReader reader = new PatchReader(cache, new SlideRoots(List.of(SLIDES)));
            assertThrows(SlidePathException.class, () -> reader.read(batch("../../../etc/passwd", GRID, List.of())));
            assertEquals(0, cache.size());
        }
    }

    @Test
    void slideThatCannotBeOpenedFailsTheWholeBatch() {
        try (SlideCache cache = new SlideCache(1)) {
            PatchReader reader = new PatchReader(cache, new SlideRoots(List.of(SLIDES)));
            SlideException e = assertThrows(SlideException.class, () -> reader.read(batch("unopenable.tiff", GRID,
                    List.of(new PatchRef(0, 0, 0, 0)))));
            assertTrue(e.messageNaming("unopenable.tiff").contains("unopenable.tiff"), e.getMessage());
        }
    }

    /**
     * A corrupt JPEG tile fails the batch's region read; each patch is then read on its own: the patch whose
     * pixels lie in the broken tile is failed with the decoder's reason, its neighbour in a sound tile is read
     * with exactly the pixels a fresh handle gives. No failed patch has pixels.
     */
    @Test
    void patchInACorruptTileFailsAndItsNeighboursAreStillRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("damaged.tiff");
        SyntheticSlideGenerator.generate(SyntheticSlideSpec.forTests(31), file);
        GridGeometry grid;
        int tile;
        try (Slide slide = Slide.open(file)) {
            grid = DemoGrids.of(file);
            tile = slide.tileWidth(grid.patchInput().level());
        }
        InputGeometry patchInput = grid.patchInput();
        // Two cells of one row, their patch inputs in neighbouring tiles of the patch level.
        int perTile = tile / patchInput.readSize();
        PatchRef broken = cell(grid, perTile, perTile);
        PatchRef sound = cell(grid, 2 * perTile, perTile);
        long brokenTileColumn = grid.inputLeft(0, broken.col()) / tile;
        long brokenTileRow = grid.inputTop(0, broken.row()) / tile;
        assertTrue(grid.inputLeft(0, sound.col()) / tile != brokenTileColumn, "the sound patch lies in another tile");
        assertEquals(brokenTileColumn, (grid.inputLeft(0, broken.col()) + patchInput.readSize() - 1) / tile,
                "the broken patch lies in one tile");
        DamagedTiles.breakTile(file, patchInput.level(), (int) brokenTileColumn, (int) brokenTileRow);

        PatchPixels pixels;
        try (SlideCache cache = new SlideCache(1)) {
            pixels = new PatchReader(cache, new SlideRoots(List.of(dir))).read(batch("damaged.tiff", grid,
                    List.of(broken, sound)));
        }
        assertEquals(List.of(sound), pixels.read());
        assertEquals(1, pixels.failed().size());
        FailedPatch failed = pixels.failed().getFirst();
        assertEquals(broken.col(), failed.col());
        assertEquals(broken.row(), failed.row());
        assertTrue(failed.reason().contains("damaged.tiff") && failed.reason().contains("marker"), failed.reason());
        try (Slide fresh = Slide.openThroughOpenSlide(file)) {
            byte[][] expected = PatchPixelReader.read(fresh, grid, List.of(sound));
            assertArrayEquals(expected[0], pixels.inputs()[0]);
            assertArrayEquals(expected[1], pixels.inputs()[1]);
        }
    }

    private static PatchRef cell(GridGeometry grid, int col, int row) {
        return new PatchRef(col, row, grid.originX(col), grid.originY(row));
    }

    private static PatchBatch batch(String ref, GridGeometry grid, List<PatchRef> patches) {
        return new PatchBatch(Contract.SCHEMA_VERSION, "s", ref, 0, grid, Priority.ROUTINE, patches);
    }

    private static byte[] image(byte[] all, int index, int size) {
        int bytes = size * size * 3;
        return Arrays.copyOfRange(all, index * bytes, (index + 1) * bytes);
    }
}
