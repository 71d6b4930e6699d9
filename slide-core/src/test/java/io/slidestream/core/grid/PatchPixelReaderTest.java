package io.slidestream.core.grid;

import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.InputGeometry;
import io.slidestream.core.events.PatchBatch.PatchRef;
import io.slidestream.core.model.InputRole;
import io.slidestream.core.slide.AreaResampler;
import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.Slide;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatchPixelReaderTest {
    private static final Path BOXES = Path.of(System.getProperty("slidestream.testdata", "../../shared/testdata"),
            "slides", "boxes.tiff");

    /**
     * boxes.tiff is 300x250 with exact levels 0 and 1. A 16 px patch read as it is at level 0, and a
     * context of 16 px at downsample 4 read as 32 px of level 1 and halved.
     */
    private static final GridGeometry GRID = new GridGeometry("test", 16, 18, 15, List.of(
            new InputGeometry("patch", InputRole.PATCH, 16, 1, 1, 0, 1, 16),
            new InputGeometry("context", InputRole.CONTEXT, 16, 4, 4, 1, 2, 32)));

    @Test
    void oneRegionPerInputGivesTheSamePixelsAsEachPatchReadAndResampledOnItsOwn() {
        List<PatchRef> cells = List.of(cell(1, 1), cell(3, 1), cell(2, 2), cell(0, 0), cell(17, 14));
        try (Slide slide = Slide.open(BOXES)) {
            byte[][] pixels = PatchPixelReader.read(slide, GRID, cells);
            for (int i = 0; i < cells.size(); i++) {
                PatchRef c = cells.get(i);
                byte[] patch = slide.read(GRID.inputRegion(0, c.col(), c.row())).rgb();
                assertArrayEquals(patch, slice(pixels[0], i), "patch " + c);
                RgbImage context = AreaResampler.resize(slide.read(GRID.inputRegion(1, c.col(), c.row())), 16, 16);
                assertArrayEquals(context.rgb(), slice(pixels[1], i), "context " + c);
            }
        }
    }

    @Test
    void cellsFarApartAreReadOneByOneWithTheSameResult() {
        List<PatchRef> near = List.of(cell(0, 0), cell(1, 0));
        List<PatchRef> far = List.of(cell(0, 0), cell(17, 14));
        try (Slide slide = Slide.open(BOXES)) {
            byte[][] together = PatchPixelReader.read(slide, GRID, near);
            byte[][] apart = PatchPixelReader.read(slide, GRID, far);
            assertArrayEquals(slice(together[0], 0), slice(apart[0], 0));
            assertArrayEquals(slice(together[1], 0), slice(apart[1], 0));
        }
    }

    @Test
    void readingEachPatchOnItsOwnGivesTheSamePixelsAndTheTallyCountsEveryRead() {
        List<PatchRef> cells = List.of(cell(1, 1), cell(2, 1), cell(1, 2), cell(2, 2));
        try (Slide slide = Slide.open(BOXES)) {
            ReadTally regions = new ReadTally();
            ReadTally each = new ReadTally();
            byte[][] together = PatchPixelReader.read(slide, GRID, cells, regions);
            byte[][] apart = PatchPixelReader.readEach(slide, GRID, cells, each);
            assertArrayEquals(together[0], apart[0]);
            assertArrayEquals(together[1], apart[1]);
            assertEquals(2, regions.reads(), "one region per input");
            assertEquals(8, each.reads(), "one read per cell and input");
            // The 2x2 patch region is 32x32 px; the contexts are 32 px reads of level 1, 8 px apart: 40x40.
            assertEquals(32 * 32 + 40 * 40, regions.regionPixels());
            assertEquals(4 * (16 * 16 + 32 * 32), each.regionPixels());
            assertTrue(regions.tilePixels() >= regions.regionPixels(), "whole tiles are decoded");
            assertTrue(each.tilePixels() >= regions.tilePixels(), "per-patch reads touch tiles again");
        }
    }

    @Test
    void tilePixelsAreThoseOfEveryTileARequestOverlaps() {
        try (Slide slide = Slide.open(BOXES)) {
            int tile = slide.tileWidth(0);
            assertTrue(tile > 0 && slide.tileHeight(0) == tile, "boxes.tiff is tiled");
            long one = (long) tile * tile;
            assertEquals(one, ReadTally.tilePixels(slide, new RegionRequest(0, 0, 0, 1, 1)));
            assertEquals(one, ReadTally.tilePixels(slide, new RegionRequest(0, 0, 0, tile, tile)));
            assertEquals(4 * one, ReadTally.tilePixels(slide, new RegionRequest(0, tile - 1, tile - 1, 2, 2)));
        }
    }

    private static PatchRef cell(int col, int row) {
        return new PatchRef(col, row, GRID.originX(col), GRID.originY(row));
    }

    private static byte[] slice(byte[] all, int index) {
        int bytes = 16 * 16 * 3;
        return Arrays.copyOfRange(all, index * bytes, (index + 1) * bytes);
    }
}
