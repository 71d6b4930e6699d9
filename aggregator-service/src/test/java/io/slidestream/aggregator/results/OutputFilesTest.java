package io.slidestream.aggregator.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.Slide;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.union.UnaryUnionOp;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    /**
     * 100 x 60 cells of 256 px (a 25600 x 15360 px slide at 0.25 µm/px): a 3 x 3 ring with a hole at
     * (11, 11), two cells touching at a corner at (40, 30) and (41, 31), off tissue along the top.
     */
    private static Grids slideWithRegions() {
        return Grids.of(100, 60).offTissue(0, 0, 99, 2)
                .block(10, 10, 12, 12, 0.8f).set(11, 11, 0.2f)
                .set(40, 30, 0.95f).set(41, 31, 0.7f);
    }

    @Test
    void the_heatmap_is_transparent_off_tissue_and_colour_mapped_elsewhere() throws Exception {
        CompletedSlide slide = slideWithRegions().slide();
        BufferedImage heatmap = ImageIO.read(new ByteArrayInputStream(GridPngs.heatmapPng(slide, 2)));

        assertEquals(200, heatmap.getWidth());
        assertEquals(120, heatmap.getHeight());
        assertEquals(0, heatmap.getRGB(1, 1) >>> 24, "off tissue");
        assertEquals(0, heatmap.getRGB(199, 5) >>> 24, "off tissue");
        assertEquals(ColourMap.argb(0.8f), heatmap.getRGB(20, 20));
        assertEquals(ColourMap.argb(0.1f), heatmap.getRGB(199, 119));
        assertEquals(0xff, heatmap.getRGB(0, 6) >>> 24);
    }

    @Test
    void an_image_scale_out_of_range_is_refused() {
        CompletedSlide slide = slideWithRegions().slide();

        assertThrows(IllegalArgumentException.class, () -> GridPngs.heatmapPng(slide, 0));
        assertThrows(IllegalArgumentException.class, () -> GridPngs.heatmapPng(slide, 65));
        CompletedSlide large = Grids.of(2000, 1000).slide();
        assertThrows(IllegalArgumentException.class, () -> GridPngs.maskPng(large, 8), "128 Mpx");
    }

    @Test
    void the_mask_png_is_white_exactly_on_tumour_cells() throws Exception {
        BufferedImage mask = ImageIO.read(new ByteArrayInputStream(GridPngs.maskPng(slideWithRegions().slide(), 1)));

        assertEquals(BufferedImage.TYPE_BYTE_GRAY, mask.getType());
        assertEquals(255, mask.getRaster().getSample(10, 10, 0));
        assertEquals(0, mask.getRaster().getSample(11, 11, 0), "the hole");
        assertEquals(255, mask.getRaster().getSample(41, 31, 0));
        assertEquals(0, mask.getRaster().getSample(0, 0, 0), "off tissue");
        assertEquals(0, mask.getRaster().getSample(50, 50, 0));
    }

    @Test
    void the_mask_tiff_opens_in_openslide_in_the_slides_frame_at_the_stated_downsample(@TempDir Path dir)
            throws Exception {
        CompletedSlide slide = slideWithRegions().slide();
        Path tiff = dir.resolve("mask.tiff");
        Files.write(tiff, MaskTiff.tiff(slide));

        MaskTiff.Layout layout = MaskTiff.layout(slide);
        assertEquals(new MaskTiff.Layout(64, 400, 240, 2), layout);
        try (Slide mask = Slide.open(tiff)) {
            assertEquals("generic-tiff", mask.vendor());
            assertEquals(2, mask.levelCount());
            assertEquals(400, mask.width());
            assertEquals(240, mask.height());
            assertEquals(200, mask.levelWidth(1));
            assertEquals(120, mask.levelHeight(1));
            assertEquals(2.0, mask.levelDownsample(1), 1e-9);
            // 10^4 µm/cm over 0.25 µm/px x 64 (OpenSlide 3.4.1 reports no mpp for generic-tiff).
            assertEquals("625", mask.property("tiff.XResolution").orElseThrow());
            assertTrue(mask.property("tiff.ImageDescription").orElseThrow().contains("downsample 64"));
            // Cell (10, 10) is slide pixels 2560..2816, mask pixels 40..44; the hole (11, 11) is 44..48.
            assertEquals(0xffffff, pixel(mask, 0, 41, 41));
            assertEquals(0x000000, pixel(mask, 0, 45, 45), "the hole");
            assertEquals(0xffffff, pixel(mask, 0, 164, 124), "cell (41, 31)");
            assertEquals(0x000000, pixel(mask, 0, 300, 200));
            assertEquals(0xffffff, pixel(mask, 1, 21, 21));
            assertEquals(0x000000, pixel(mask, 1, 100, 100));
        }
    }

    @Test
    void a_slide_wider_than_its_grid_keeps_its_own_extent_in_the_mask_tiff() {
        CompletedSlide slide = Grids.of(10, 10, 224).slideSize(2250, 2300).slide();

        // 224 / 4 = 56, nearest power of two 64: ceil(2250 / 64) = 36, ceil(2300 / 64) = 36.
        assertEquals(new MaskTiff.Layout(64, 36, 36, 1), MaskTiff.layout(slide));
    }

    @Test
    void the_regions_cover_exactly_the_tumour_cells_with_holes_and_carry_the_qupath_properties() throws Exception {
        CompletedSlide slide = slideWithRegions().slide();
        JsonNode collection = JSON.readTree(OutputFiles.render(OutputFile.REGIONS_GEOJSON, slide));

        assertEquals("FeatureCollection", collection.get("type").asText());
        JsonNode features = collection.get("features");
        assertEquals(2, features.size());

        JsonNode ring = features.get(0);
        assertEquals("Polygon", ring.at("/geometry/type").asText());
        assertEquals(2, ring.at("/geometry/coordinates").size(), "outer ring and the hole");
        Geometry ringGeometry = polygon(ring.at("/geometry/coordinates"));
        assertEquals(8 * 256 * 256, ringGeometry.getArea(), 1e-6);
        assertTrue(ringGeometry.symDifference(cells(new int[][]{{10, 10}, {11, 10}, {12, 10}, {10, 11}, {12, 11},
                {10, 12}, {11, 12}, {12, 12}})).isEmpty());

        JsonNode pair = features.get(1);
        assertEquals("MultiPolygon", pair.at("/geometry/type").asText());
        JsonNode parts = pair.at("/geometry/coordinates");
        Geometry pairGeometry = UnaryUnionOp.union(List.of(polygon(parts.get(0)), polygon(parts.get(1))));
        assertEquals(2 * 256 * 256, pairGeometry.getArea(), 1e-6);
        assertTrue(pairGeometry.symDifference(cells(new int[][]{{40, 30}, {41, 31}})).isEmpty());

        JsonNode properties = ring.get("properties");
        assertEquals("annotation", properties.get("objectType").asText());
        assertEquals("Lesion 1", properties.get("name").asText());
        assertEquals("Tumor", properties.at("/classification/name").asText());
        assertEquals("[200,0,0]", properties.at("/classification/color").toString());
        JsonNode measurements = properties.get("measurements");
        assertEquals(1, measurements.get("id").asInt());
        assertEquals(0.8, measurements.get("meanScore").asDouble(), 1e-6);
        assertEquals(0.8, measurements.get("maxScore").asDouble(), 1e-6);
        assertEquals(8 * 64 * 64 / 1e6, measurements.get("areaMm2").asDouble(), 1e-12);
        assertEquals(3 * 64 * Math.sqrt(2) / 1000, measurements.get("largestDiameterMm").asDouble(), 1e-12);
        assertEquals("Lesion 2", pair.at("/properties/name").asText());
    }

    @Test
    void the_scores_csv_has_wsinfers_columns_and_one_row_per_scored_cell() throws Exception {
        CompletedSlide slide = Grids.of(4, 3, 100.5).offTissue(0, 0, 3, 0).set(1, 1, 0.75f).slide();
        String csv = new String(OutputFiles.render(OutputFile.SCORES_CSV, slide), StandardCharsets.UTF_8);

        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords();
        assertTrue(csv.startsWith("minx,miny,width,height,prob_tumor\n"));
        assertEquals(8, rows.size());
        CSVRecord cell = rows.get(1);
        // Column 1 of 100.5 px cells: edges round(100.5) = 101 and round(201) = 201; row 1: 101..201.
        assertEquals(List.of("101", "101", "100", "100", "0.75"), cell.toList());
        assertEquals(List.of("0", "101", "101", "100", "0.1"), rows.get(0).toList());
    }

    @Test
    void run_json_states_the_run_the_counts_the_mask_downsample_and_the_verdict() throws Exception {
        CompletedSlide slide = slideWithRegions().slide();
        JsonNode run = JSON.readTree(OutputFiles.render(OutputFile.RUN_JSON, slide));

        assertEquals("slide-test", run.get("slideId").asText());
        assertEquals("cases/slide-test.tiff", run.get("slideRef").asText());
        assertEquals("model-x", run.get("modelId").asText());
        assertEquals("demo", run.get("profile").asText());
        assertEquals(0.5, run.get("threshold").asDouble());
        assertEquals("0.1.0-SNAPSHOT", run.at("/versions/slidestream").asText());
        assertEquals(System.getProperty("java.version"), run.at("/versions/java").asText());
        assertEquals("2025-01-02T03:04:35Z", run.at("/timings/COMPLETE").asText());
        List<String> states = new ArrayList<>();
        run.get("timings").fieldNames().forEachRemaining(states::add);
        assertEquals(List.of("QUEUED", "TILING", "SCORING", "COMPLETE"), states);
        assertEquals(100 * 57, run.at("/counts/patchesTotal").asInt());
        assertEquals(100 * 57, run.at("/counts/patchesScored").asInt());
        assertEquals(0, run.at("/counts/patchesFailed").asInt());
        assertEquals(10, run.at("/counts/tumourPatches").asInt());
        assertEquals(3, run.at("/counts/duplicateScores").asInt());
        assertEquals(64, run.get("maskDownsample").asInt());
        assertEquals("MICRO", run.at("/verdict/category").asText());
        assertEquals(2, run.at("/verdict/lesions").size());
    }

    @Test
    void writing_the_results_twice_gives_the_same_six_files_and_no_leftovers(@TempDir Path results) throws Exception {
        CompletedSlide slide = slideWithRegions().slide("slide-a");
        Path dir = results.resolve("slide-a");
        Files.createDirectories(results.resolve(".tmp-slide-a-123"));
        Files.createDirectories(results.resolve(".tmp-slide-a-b-456"));

        OutputFiles.writeAll(slide, dir);
        Map<String, byte[]> first = contents(dir);
        OutputFiles.writeAll(slide, dir);
        Map<String, byte[]> second = contents(dir);

        assertEquals(Stream.of(OutputFile.values()).map(OutputFile::fileName).sorted().toList(),
                first.keySet().stream().sorted().toList());
        for (String name : first.keySet()) {
            assertArrayEquals(first.get(name), second.get(name), name);
        }
        assertArrayEquals(OutputFiles.render(OutputFile.MASK_TIFF, slide), first.get("mask.tiff"));
        try (Stream<Path> siblings = Files.list(results)) {
            assertEquals(List.of(".tmp-slide-a-b-456", "slide-a"),
                    siblings.map(p -> p.getFileName().toString()).sorted().toList(),
                    "its own stale temp dir is gone; another slide's is left alone");
        }
    }

    @Test
    void writing_new_results_replaces_the_whole_older_set(@TempDir Path results) throws Exception {
        Path dir = results.resolve("slide-a");
        OutputFiles.writeAll(slideWithRegions().slide("slide-a"), dir);
        Files.writeString(dir.resolve("stray.txt"), "from an older version");

        CompletedSlide negative = Grids.of(100, 60).slide("slide-a");
        OutputFiles.writeAll(negative, dir);

        Map<String, byte[]> files = contents(dir);
        assertEquals(6, files.size());
        assertFalse(files.containsKey("stray.txt"));
        assertEquals(0, JSON.readTree(files.get("regions.geojson")).get("features").size());
        assertEquals("NEGATIVE", JSON.readTree(files.get("run.json")).at("/verdict/category").asText());
        try (Stream<Path> siblings = Files.list(results)) {
            assertEquals(List.of("slide-a"), siblings.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void output_files_are_found_by_their_served_names() {
        assertEquals(OutputFile.MASK_TIFF, OutputFile.byFileName("mask.tiff").orElseThrow());
        assertEquals("application/geo+json", OutputFile.REGIONS_GEOJSON.mediaType());
        assertTrue(OutputFile.byFileName("../run.json").isEmpty());
    }

    private static int pixel(Slide slide, int level, int x, int y) {
        double downsample = slide.levelDownsample(level);
        RgbImage image = slide.read(new RegionRequest(level, Math.round(x * downsample), Math.round(y * downsample), 1, 1));
        return image.rgbAt(0, 0) & 0xffffff;
    }

    private static Map<String, byte[]> contents(Path dir) throws Exception {
        Map<String, byte[]> files = new java.util.TreeMap<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                files.put(entry.getFileName().toString(), Files.readAllBytes(entry));
            }
        }
        return files;
    }

    private static Geometry cells(int[][] cells) {
        List<Geometry> squares = new ArrayList<>();
        for (int[] cell : cells) {
            double x = cell[0] * 256.0;
            double y = cell[1] * 256.0;
            squares.add(GEOMETRY.createPolygon(new Coordinate[]{new Coordinate(x, y), new Coordinate(x + 256, y),
                    new Coordinate(x + 256, y + 256), new Coordinate(x, y + 256), new Coordinate(x, y)}));
        }
        return UnaryUnionOp.union(squares);
    }

    private static Polygon polygon(JsonNode rings) {
        LinearRing shell = ring(rings.get(0));
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = ring(rings.get(i));
        }
        return GEOMETRY.createPolygon(shell, holes);
    }

    private static LinearRing ring(JsonNode points) {
        Coordinate[] coordinates = new Coordinate[points.size()];
        for (int i = 0; i < points.size(); i++) {
            assertTrue(points.get(i).get(0).isIntegralNumber());
            coordinates[i] = new Coordinate(points.get(i).get(0).asDouble(), points.get(i).get(1).asDouble());
        }
        return GEOMETRY.createLinearRing(coordinates);
    }
}
