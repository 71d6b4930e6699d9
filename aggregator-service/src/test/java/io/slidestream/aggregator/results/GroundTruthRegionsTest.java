package io.slidestream.aggregator.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slidestream.core.events.Contract;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.InputGeometry;
import io.slidestream.core.events.MppSource;
import io.slidestream.core.events.Priority;
import io.slidestream.core.events.SlideDescription;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.model.InputRole;
import io.slidestream.synth.GroundTruth;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroundTruthRegionsTest {
    private static final GeometryFactory GEOMETRY = new GeometryFactory();
    private static final int CELL = 64;

    @Test
    void every_ground_truth_lesion_wider_than_a_cell_has_its_centre_inside_a_region(@TempDir Path dir) throws Exception {
        // 2048² px at 0.5 µm/px (1 mm square), lesions 150..300 µm: 300..600 px, 5..9 cells of 64 px across.
        SyntheticSlideSpec spec = new SyntheticSlideSpec(11L, 2048, 2048, 0.5, 256, 80, 16, 3, 150, 300, 0.6);
        GroundTruth truth = SyntheticSlideGenerator.generate(spec, dir.resolve("synthetic.tiff"));
        CompletedSlide slide = scoredByTruth(truth);

        JsonNode regions = new ObjectMapper().readTree(OutputFiles.render(OutputFile.REGIONS_GEOJSON, slide));
        List<Geometry> polygons = new ArrayList<>();
        for (JsonNode feature : regions.get("features")) {
            JsonNode geometry = feature.get("geometry");
            if (geometry.get("type").asText().equals("Polygon")) {
                polygons.add(polygon(geometry.get("coordinates")));
            } else {
                geometry.get("coordinates").forEach(part -> polygons.add(polygon(part)));
            }
        }
        Geometry covered = GEOMETRY.buildGeometry(polygons).union();

        assertFalse(truth.lesions().isEmpty(), "the synthetic slide has lesions");
        int checked = 0;
        for (io.slidestream.synth.Lesion lesion : truth.lesions()) {
            if (lesion.diameterUm() / truth.mpp() <= CELL) {
                continue;
            }
            checked++;
            assertTrue(covered.contains(GEOMETRY.createPoint(new Coordinate(lesion.centreX(), lesion.centreY()))),
                    "lesion " + lesion.id() + " at (" + lesion.centreX() + ", " + lesion.centreY() + ")");
        }
        assertTrue(checked > 0);
        SlideVerdict verdict = SlideVerdict.of(slide);
        assertEquals(SlideVerdict.Category.MICRO, verdict.category(), "the largest lesion is 0.2..0.3 mm + a cell");
    }

    /** Each cell scored by the share of tumour in it, unscored where it holds no tissue. */
    private static CompletedSlide scoredByTruth(GroundTruth truth) {
        int cols = Math.ceilDiv(truth.width(), CELL);
        int rows = Math.ceilDiv(truth.height(), CELL);
        float[] scores = new float[cols * rows];
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < cols; col++) {
                long x = (long) col * CELL;
                long y = (long) row * CELL;
                scores[row * cols + col] = truth.tissueFraction(x, y, CELL, CELL) > 0
                        ? (float) truth.tumourFraction(x, y, CELL, CELL) : Float.NaN;
            }
        }
        GridGeometry grid = new GridGeometry("test", CELL, cols, rows,
                List.of(new InputGeometry("patch", InputRole.PATCH, 64, 0.5, 1.0, 0, 1.0, 64)));
        SlideDescription description = new SlideDescription("generic-tiff", truth.width(), truth.height(),
                List.of(new SlideDescription.Level(truth.width(), truth.height(), 1)), truth.mpp(), MppSource.SLIDE,
                0, 256, 256);
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        SlideManifest manifest = new SlideManifest(Contract.SCHEMA_VERSION, "slide-synthetic", "synthetic.tiff",
                description, grid, cols * rows, 1, new SlideManifest.TissueSummary("truth", 0.6, 0.6),
                Priority.ROUTINE, now);
        return new CompletedSlide(manifest, scores, 0.5, "ground-truth", Map.of("COMPLETE", now), 0);
    }

    private static Polygon polygon(JsonNode rings) {
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = ring(rings.get(i));
        }
        return GEOMETRY.createPolygon(ring(rings.get(0)), holes);
    }

    private static LinearRing ring(JsonNode points) {
        Coordinate[] coordinates = new Coordinate[points.size()];
        for (int i = 0; i < points.size(); i++) {
            coordinates[i] = new Coordinate(points.get(i).get(0).asDouble(), points.get(i).get(1).asDouble());
        }
        return GEOMETRY.createLinearRing(coordinates);
    }
}
