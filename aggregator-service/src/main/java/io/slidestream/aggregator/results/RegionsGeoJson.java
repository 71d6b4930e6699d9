package io.slidestream.aggregator.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lesions as a GeoJSON FeatureCollection QuPath imports as annotations: one Feature per lesion, in the
 * verdict's order, its geometry the union of its cells (a Polygon, or a MultiPolygon when cells touch
 * only at corners; holes kept) in level-0 pixels, x right and y down. Rings are closed; exterior rings
 * run counter-clockwise and holes clockwise in the coordinate numbers (RFC 7946's rule, which QuPath
 * ignores). Properties: {@code objectType "annotation"}, {@code name "Lesion <id>"},
 * {@code classification {"name": "Tumor", "color": [200, 0, 0]}}, {@code isLocked false} and
 * {@code measurements} (id, cells, meanScore, maxScore, areaPx2, largestDiameterPx, and areaMm2 and
 * largestDiameterMm when the slide has an mpp: QuPath's measurements are numbers only, so a missing
 * millimetre value is left out rather than null).
 */
final class RegionsGeoJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RegionsGeoJson() {
    }

    static byte[] geoJson(CompletedSlide slide, List<Lesions.Found> lesions) {
        List<Object> features = new ArrayList<>(lesions.size());
        for (Lesions.Found found : lesions) {
            features.add(feature(Lesions.region(slide.grid(), found.cells()), found.lesion()));
        }
        Map<String, Object> collection = new LinkedHashMap<>();
        collection.put("type", "FeatureCollection");
        collection.put("features", features);
        try {
            return JSON.writeValueAsBytes(collection);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> feature(Geometry region, Lesion lesion) {
        Map<String, Object> measurements = new LinkedHashMap<>();
        measurements.put("id", lesion.id());
        measurements.put("cells", lesion.cells());
        measurements.put("meanScore", lesion.meanScore());
        measurements.put("maxScore", lesion.maxScore());
        measurements.put("areaPx2", lesion.areaPx2());
        measurements.put("largestDiameterPx", lesion.largestDiameterPx());
        if (lesion.areaMm2() != null) {
            measurements.put("areaMm2", lesion.areaMm2());
            measurements.put("largestDiameterMm", lesion.largestDiameterMm());
        }
        Map<String, Object> classification = new LinkedHashMap<>();
        classification.put("name", "Tumor");
        classification.put("color", List.of(200, 0, 0));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("objectType", "annotation");
        properties.put("name", "Lesion " + lesion.id());
        properties.put("classification", classification);
        properties.put("isLocked", false);
        properties.put("measurements", measurements);
        Map<String, Object> feature = new LinkedHashMap<>();
        feature.put("type", "Feature");
        feature.put("geometry", geometry(region));
        feature.put("properties", properties);
        return feature;
    }

    private static Map<String, Object> geometry(Geometry region) {
        Map<String, Object> geometry = new LinkedHashMap<>();
        if (region instanceof Polygon polygon) {
            geometry.put("type", "Polygon");
            geometry.put("coordinates", rings(polygon));
        } else {
            List<Object> polygons = new ArrayList<>();
            for (int i = 0; i < region.getNumGeometries(); i++) {
                polygons.add(rings((Polygon) region.getGeometryN(i)));
            }
            geometry.put("type", "MultiPolygon");
            geometry.put("coordinates", polygons);
        }
        return geometry;
    }

    private static List<Object> rings(Polygon polygon) {
        List<Object> rings = new ArrayList<>();
        rings.add(ring(polygon.getExteriorRing(), true));
        for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
            rings.add(ring(polygon.getInteriorRingN(i), false));
        }
        return rings;
    }

    private static List<long[]> ring(LinearRing ring, boolean counterClockwise) {
        Coordinate[] coordinates = ring.getCoordinates();
        boolean reverse = Orientation.isCCW(coordinates) != counterClockwise;
        List<long[]> points = new ArrayList<>(coordinates.length);
        for (int i = 0; i < coordinates.length; i++) {
            Coordinate c = coordinates[reverse ? coordinates.length - 1 - i : i];
            // Cell corners are whole level-0 pixels (GridGeometry rounds them).
            points.add(new long[]{Math.round(c.x), Math.round(c.y)});
        }
        return points;
    }
}
