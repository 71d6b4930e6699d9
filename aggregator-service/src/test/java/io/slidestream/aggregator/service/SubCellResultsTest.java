package io.slidestream.aggregator.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slidestream.aggregator.InMemoryStores;
import io.slidestream.aggregator.TestManifests;
import io.slidestream.aggregator.results.CompletedSlide;
import io.slidestream.aggregator.results.Lesion;
import io.slidestream.aggregator.results.OutputFile;
import io.slidestream.aggregator.results.OutputFiles;
import io.slidestream.aggregator.results.SlideVerdict;
import io.slidestream.aggregator.stitching.SlideLedger;
import io.slidestream.aggregator.stitching.SlideRecord;
import io.slidestream.core.events.Contract;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.ScoreBatch.PatchScore;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 3 × 2 slide of 256 px cells (0.2425 µm/px) scored with 8 × 8 probability maps, completed through the ledger:
 * one patch has tumour in its top-left quarter only, a 128 px square, and the outputs show that square, not
 * the patch.
 */
class SubCellResultsTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final int EDGE = 8;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    @Test
    void a_patch_with_tumour_in_its_top_left_quarter_gives_a_mask_lesion_and_regions_of_exactly_that_quarter()
            throws IOException {
        CompletedSlide slide = completed();
        Map<OutputFile, byte[]> files = OutputFiles.renderAll(slide);

        BufferedImage mask = image(files.get(OutputFile.MASK_PNG));
        assertEquals(3 * EDGE, mask.getWidth());
        assertEquals(2 * EDGE, mask.getHeight());
        for (int y = 0; y < mask.getHeight(); y++) {
            for (int x = 0; x < mask.getWidth(); x++) {
                boolean quarter = x >= EDGE && x < EDGE + EDGE / 2 && y < EDGE / 2;
                assertEquals(quarter ? 255 : 0, mask.getRaster().getSample(x, y, 0), "mask pixel (" + x + ", " + y + ")");
            }
        }
        BufferedImage heatmap = image(files.get(OutputFile.HEATMAP_PNG));
        assertEquals(List.of(24, 16), List.of(heatmap.getWidth(), heatmap.getHeight()));

        // The TIFF: 32 px sub-cells, so one TIFF pixel per 8 level-0 pixels; the quarter is level-0 [256, 384) x [0, 128).
        BufferedImage tiff = image(files.get(OutputFile.MASK_TIFF));
        assertEquals(List.of(96, 64), List.of(tiff.getWidth(), tiff.getHeight()));
        for (int y = 0; y < tiff.getHeight(); y++) {
            for (int x = 0; x < tiff.getWidth(); x++) {
                boolean quarter = x >= 32 && x < 48 && y < 16;
                assertEquals(quarter ? 255 : 0, tiff.getRaster().getSample(x, y, 0), "TIFF pixel (" + x + ", " + y + ")");
            }
        }

        SlideVerdict verdict = SlideVerdict.of(slide);
        assertEquals(1, verdict.lesions().size());
        Lesion lesion = verdict.lesions().getFirst();
        assertEquals(16, lesion.cells(), "4 x 4 sub-cells");
        assertEquals(128 * 128, lesion.areaPx2(), 1e-9, "a quarter of the patch, not the patch");
        assertEquals(128 * Math.sqrt(2), lesion.largestDiameterPx(), 1e-9);
        assertEquals(new Lesion.Box(256, 0, 128, 128), lesion.bbox());
        assertEquals(SlideVerdict.Category.ITC, verdict.category());
        assertEquals(1.0, verdict.maxScore(), 1e-6);
        // Over patches, as before: the best 3 x 3 block is the corner one, the tumour patch and three at 0.1.
        assertEquals((1.0 + 3 * 0.1) / 4, verdict.slideProbability(), 1e-6);

        JsonNode geometry = JSON.readTree(files.get(OutputFile.REGIONS_GEOJSON)).at("/features/0/geometry");
        assertEquals("Polygon", geometry.get("type").asText());
        assertEquals(1, geometry.get("coordinates").size(), "no hole");
        List<Coordinate> ring = new ArrayList<>();
        geometry.at("/coordinates/0").forEach(point -> ring.add(new Coordinate(point.get(0).asLong(), point.get(1).asLong())));
        Polygon region = GEOMETRY.createPolygon(ring.toArray(Coordinate[]::new));
        Polygon quarter = GEOMETRY.createPolygon(new Coordinate[] {new Coordinate(256, 0), new Coordinate(384, 0),
                new Coordinate(384, 128), new Coordinate(256, 128), new Coordinate(256, 0)});
        assertTrue(region.symDifference(quarter).isEmpty(), "the region is the quarter: " + region);
    }

    @Test
    void scores_csv_keeps_one_row_per_patch_and_run_json_states_the_sub_cells() throws IOException {
        CompletedSlide slide = completed();
        Map<OutputFile, byte[]> files = OutputFiles.renderAll(slide);

        List<String> rows = new String(files.get(OutputFile.SCORES_CSV), StandardCharsets.UTF_8).lines().toList();
        assertEquals(7, rows.size(), "the header and one row per patch");
        assertEquals("256,0,256,256,1.0", rows.get(2), "the patch's own score, the maximum of its map");

        JsonNode run = JSON.readTree(files.get(OutputFile.RUN_JSON));
        assertEquals(3, run.at("/grid/cols").asInt());
        assertEquals(EDGE, run.at("/grid/subCellEdge").asInt());
        assertEquals(1, run.at("/counts/tumourPatches").asInt());
        assertEquals(6, run.at("/counts/patchesScored").asInt());
        assertEquals(8, run.get("maskDownsample").asInt());
        assertEquals(16, run.at("/verdict/lesions/0/cells").asInt());
    }

    @Test
    void the_same_scores_without_maps_render_one_pixel_per_patch_and_say_nothing_of_sub_cells() throws IOException {
        CompletedSlide withMaps = completed();
        CompletedSlide patches = new CompletedSlide(withMaps.manifest(), withMaps.scores(), withMaps.threshold(),
                withMaps.modelId(), withMaps.timings(), withMaps.duplicateScores(), withMaps.patchesFailed());
        Map<OutputFile, byte[]> files = OutputFiles.renderAll(patches);
        assertEquals(3, image(files.get(OutputFile.MASK_PNG)).getWidth());
        assertTrue(JSON.readTree(files.get(OutputFile.RUN_JSON)).at("/grid/subCellEdge").isMissingNode());
        assertEquals(256 * 256, SlideVerdict.of(patches).lesions().getFirst().areaPx2(), 1e-9, "the whole patch");
        assertTrue(Arrays.equals(files.get(OutputFile.SCORES_CSV), OutputFiles.renderAll(withMaps).get(OutputFile.SCORES_CSV)));
    }

    /** The slide completed through the ledger, as the stream processor hands it to the outputs. */
    private static CompletedSlide completed() {
        InMemoryStores stores = new InMemoryStores();
        SlideLedger ledger = stores.ledger(0.5);
        SlideRecord slide = ledger.manifest(null, TestManifests.manifest("fcn-slide", 3, 2, 6, T0), T0).slide();
        List<PatchScore> patches = new ArrayList<>();
        for (int row = 0; row < 2; row++) {
            for (int col = 0; col < 3; col++) {
                patches.add(col == 1 && row == 0 ? new PatchScore(col, row, 1.0f, topLeftQuarter())
                        : new PatchScore(col, row, 0.1f, uniform(26)));
            }
        }
        SlideLedger.Applied done = ledger.scores(slide, new ScoreBatch(Contract.SCHEMA_VERSION, "fcn-slide", 0, "fcn:1",
                patches, List.of(), 0.5), 0, T0.plusSeconds(1));
        assertTrue(done.completed());
        assertNull(done.slide().verdict());
        float[] scores = ledger.scores(done.slide());
        return SlideResults.completed(done.slide(), scores, ledger.subCellScores(done.slide(), scores), 0.5);
    }

    private static int[] topLeftQuarter() {
        int[] map = new int[EDGE * EDGE];
        for (int y = 0; y < EDGE / 2; y++) {
            Arrays.fill(map, y * EDGE, y * EDGE + EDGE / 2, 255);
        }
        return map;
    }

    private static int[] uniform(int value) {
        int[] map = new int[EDGE * EDGE];
        Arrays.fill(map, value);
        return map;
    }

    private static BufferedImage image(byte[] bytes) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }
}
