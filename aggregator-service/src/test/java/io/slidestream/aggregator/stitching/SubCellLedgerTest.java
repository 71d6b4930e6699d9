package io.slidestream.aggregator.stitching;

import io.slidestream.aggregator.InMemoryStores;
import io.slidestream.aggregator.TestManifests;
import io.slidestream.core.events.Contract;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.ScoreBatch.PatchScore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scores that come with probability maps, kept beside them and stitched into the slide's sub-cells. */
class SubCellLedgerTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private final InMemoryStores stores = new InMemoryStores();
    private final SlideLedger ledger = stores.ledger(0.5);
    private SlideRecord slide = ledger.manifest(null, TestManifests.manifest("s1", 3, 2, 4, T0), T0).slide();

    @Test
    void a_cells_map_fills_its_sub_cells_and_a_cell_scored_without_one_has_its_score_in_each() {
        scores(new PatchScore(1, 0, 1.0f, topLeftQuarter(4)), new PatchScore(0, 0, 0.2f),
                new PatchScore(2, 1, 77 / 255f, uniform(4, 77)));

        assertEquals(4, slide.mapEdge());
        float[] raster = subCells();
        assertEquals(12 * 8, raster.length);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 12; x++) {
                int col = x / 4;
                int row = y / 4;
                float expected = switch (col + "," + row) {
                    case "1,0" -> x % 4 < 2 && y % 4 < 2 ? 1f : 0f;
                    case "0,0" -> 0.2f;
                    case "2,1" -> 77 / 255f;
                    default -> Float.NaN; // no score: off tissue, or not yet scored
                };
                assertEquals(expected, raster[y * 12 + x], 0, "sub-cell (" + x + ", " + y + ")");
            }
        }
        assertEquals(List.of("s1/0"), stores.mapChunkKeys());
    }

    @Test
    void a_redelivered_score_keeps_the_map_that_came_first() {
        scores(new PatchScore(1, 0, 1.0f, topLeftQuarter(4)));
        float[] first = subCells();
        scores(new PatchScore(1, 0, 1.0f, uniform(4, 255)));
        assertEquals(1, slide.duplicateScores());
        assertTrue(Arrays.equals(first, subCells()));
    }

    @Test
    void maps_of_another_edge_are_resized_to_the_slides_by_maximum() {
        scores(new PatchScore(0, 0, 1.0f, topLeftQuarter(4)));
        int[] corner = new int[64]; // 8 x 8, tumour only in its bottom-right pixel
        corner[63] = 255;
        scores(new PatchScore(1, 0, 1.0f, corner), new PatchScore(2, 0, 1.0f, new int[] {255, 0, 0, 0}));

        assertEquals(4, slide.mapEdge(), "the first map's edge");
        float[] raster = subCells();
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(x == 3 && y == 3 ? 1f : 0f, raster[y * 12 + 4 + x], "8 x 8 map, sub-cell " + x + "," + y);
                assertEquals(x < 2 && y < 2 ? 1f : 0f, raster[y * 12 + 8 + x], "2 x 2 map, sub-cell " + x + "," + y);
            }
        }
    }

    @Test
    void a_newer_manifest_starts_the_slide_over_without_its_maps() {
        scores(new PatchScore(1, 0, 1.0f, topLeftQuarter(4)));
        slide = ledger.manifest(slide, TestManifests.manifest("s1", 3, 2, 4, T0.plusSeconds(60)), T0.plusSeconds(60)).slide();
        assertNull(slide.mapEdge());
        assertNull(ledger.subCellScores(slide, ledger.scores(slide)));
        assertEquals(List.of(), stores.mapChunkKeys());

        scores(new PatchScore(1, 0, 0.9f)); // the new run's model gives one probability per patch
        assertNull(ledger.subCellScores(slide, ledger.scores(slide)), "a slide without maps has no sub-cells");
    }

    @Test
    void the_sub_cell_edge_is_lowered_where_a_grid_would_hold_more_sub_cells_than_any_grid_may_cells() {
        assertEquals(8, SlideLedger.subCellEdgeFor(3 * 2, 8));
        assertEquals(4, SlideLedger.subCellEdgeFor(1 << 20, 8), "2^20 cells of 4 x 4 is 2^24 sub-cells");
        assertEquals(1, SlideLedger.subCellEdgeFor(SlideLedger.MAX_CELLS, 8));
    }

    @Test
    void a_ledger_without_a_store_for_maps_refuses_a_batch_with_maps_and_changes_nothing() {
        SlideLedger plain = new SlideLedger(stores.cellStore(), MapStore.NONE, stores.pendingScores(), 0.5);
        SlideRecord fresh = plain.manifest(null, TestManifests.manifest("s2", 2, 1, 2, T0), T0).slide();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plain.scores(fresh,
                batch("s2", new PatchScore(0, 0, 0.2f), new PatchScore(1, 0, 1.0f, uniform(2, 255))), 0, T0));
        assertTrue(e.getMessage().contains("probability maps"), e.getMessage());
        assertEquals(0, fresh.patchesScored());
        assertTrue(Float.isNaN(plain.scores(fresh)[0]), "nothing stored");
    }

    private void scores(PatchScore... patches) {
        slide = ledger.scores(slide, batch("s1", patches), 0, T0.plusSeconds(1)).slide();
    }

    private float[] subCells() {
        return ledger.subCellScores(slide, ledger.scores(slide));
    }

    private static ScoreBatch batch(String slideId, PatchScore... patches) {
        return new ScoreBatch(Contract.SCHEMA_VERSION, slideId, 0, "fcn:1", List.of(patches), List.of(), 0.5);
    }

    /** A k x k map, tumour (255) in its top-left quarter only. */
    static int[] topLeftQuarter(int edge) {
        int[] map = new int[edge * edge];
        for (int y = 0; y < edge / 2; y++) {
            for (int x = 0; x < edge / 2; x++) {
                map[y * edge + x] = 255;
            }
        }
        return map;
    }

    private static int[] uniform(int edge, int value) {
        int[] map = new int[edge * edge];
        Arrays.fill(map, value);
        return map;
    }
}
