package io.slidestream.aggregator.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slidestream.aggregator.results.SlideVerdict.Category;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlideVerdictTest {
    private static final double CELL = 256;
    private static final double AREA = CELL * CELL;

    /** A 3x2 block (diameter 256·√13 px = 0.2308 mm) and a single cell (256·√2 px = 0.0905 mm). */
    private static Grids twoLesions() {
        return Grids.of(20, 10).block(1, 1, 3, 2, 0.9f).set(2, 1, 0.7f).set(10, 5, 0.6f);
    }

    @Test
    void two_lesions_are_measured_and_numbered_largest_diameter_first() {
        SlideVerdict verdict = SlideVerdict.of(twoLesions().slide());

        assertEquals(Category.MICRO, verdict.category());
        assertEquals(2, verdict.lesions().size());
        Lesion block = verdict.lesions().get(0);
        assertEquals(1, block.id());
        assertEquals(6, block.cells());
        assertEquals(6 * AREA, block.areaPx2(), 1e-9);
        assertEquals(6 * AREA * 0.25 * 0.25 / 1e6, block.areaMm2(), 1e-12);
        assertEquals(CELL * Math.sqrt(13), block.largestDiameterPx(), 1e-9);
        assertEquals(CELL * Math.sqrt(13) * 0.25 / 1000, block.largestDiameterMm(), 1e-12);
        assertEquals((5 * 0.9 + 0.7) / 6, block.meanScore(), 1e-6);
        assertEquals(0.9, block.maxScore(), 1e-6);
        assertEquals(new Lesion.Box(256, 256, 768, 512), block.bbox());
        assertEquals(new Lesion.Point(640, 512), block.centroid());

        Lesion single = verdict.lesions().get(1);
        assertEquals(2, single.id());
        assertEquals(1, single.cells());
        assertEquals(CELL * Math.sqrt(2), single.largestDiameterPx(), 1e-9);
        assertEquals(new Lesion.Box(2560, 1280, 256, 256), single.bbox());

        assertEquals(7 * AREA, verdict.tumourAreaPx2(), 1e-9);
        assertEquals(7 * AREA * 0.0625 / 1e6, verdict.tumourAreaMm2(), 1e-12);
        assertEquals(block.largestDiameterPx(), verdict.largestDiameterPx());
        assertEquals(block.largestDiameterMm(), verdict.largestDiameterMm());
        assertEquals(0.9, verdict.maxScore(), 1e-6);
        assertEquals(0.5, verdict.threshold());
        assertNull(verdict.millimetresUnavailable());
    }

    @Test
    void a_single_cell_under_a_fifth_of_a_millimetre_is_isolated_tumour_cells() {
        SlideVerdict verdict = SlideVerdict.of(Grids.of(20, 10).set(10, 5, 0.6f).slide());

        assertEquals(Category.ITC, verdict.category());
        assertEquals(0.0905, verdict.largestDiameterMm(), 1e-4);
    }

    @Test
    void a_deposit_longer_than_two_millimetres_is_a_macrometastasis_and_one_just_under_is_micro() {
        // 32 x 1 cells of 64 µm: √(32² + 1) · 64 µm = 2.049 mm; 31 x 1: 1.985 mm.
        assertEquals(Category.MACRO, SlideVerdict.of(Grids.of(40, 5).block(2, 2, 33, 2, 0.8f).slide()).category());
        assertEquals(Category.MICRO, SlideVerdict.of(Grids.of(40, 5).block(2, 2, 32, 2, 0.8f).slide()).category());
        assertEquals(Category.MACRO, SlideVerdict.category(false, 2.0001));
        assertEquals(Category.MICRO, SlideVerdict.category(false, 2.0));
        assertEquals(Category.MICRO, SlideVerdict.category(false, 0.2));
        assertEquals(Category.ITC, SlideVerdict.category(false, 0.1999));
    }

    @Test
    void no_cell_at_the_threshold_is_negative_with_zero_sizes() {
        SlideVerdict verdict = SlideVerdict.of(Grids.of(10, 10).set(3, 3, 0.49f).offTissue(0, 0, 9, 1).slide());

        assertEquals(Category.NEGATIVE, verdict.category());
        assertTrue(verdict.lesions().isEmpty());
        assertEquals(0, verdict.tumourAreaPx2());
        assertEquals(0.0, verdict.tumourAreaMm2());
        assertEquals(0, verdict.largestDiameterPx());
        assertEquals(0.49, verdict.maxScore(), 1e-6);
        assertFalse(verdict.incomplete());
        assertEquals(0, verdict.patchesFailed());
        assertNull(verdict.incompleteReason());
    }

    @Test
    void unread_patches_make_a_slide_without_tumour_unknown_and_incomplete_never_negative() {
        SlideVerdict verdict = SlideVerdict.of(Grids.of(10, 10).set(3, 3, 0.49f).failed(5, 5).failed(6, 5).slide());

        assertEquals(Category.UNKNOWN, verdict.category());
        assertTrue(verdict.incomplete());
        assertEquals(2, verdict.patchesFailed());
        assertEquals("2 of 100 patches could not be read and have no score, so tumour there would go unseen; none was"
                + " found in the rest, which does not make the slide negative, so no pN category is given",
                verdict.incompleteReason());
        assertNull(verdict.millimetresUnavailable(), "the sizes are still in mm");
        assertEquals(0.0, verdict.tumourAreaMm2());
    }

    @Test
    void tumour_found_beside_unread_patches_keeps_its_category_and_is_flagged_incomplete() {
        SlideVerdict verdict = SlideVerdict.of(twoLesions().failed(15, 5).slide());

        assertEquals(Category.MICRO, verdict.category());
        assertTrue(verdict.incomplete());
        assertEquals(1, verdict.patchesFailed());
        assertTrue(verdict.incompleteReason().contains("the category stands on the tumour found in the rest"),
                verdict.incompleteReason());
        assertEquals(2, verdict.lesions().size());
    }

    @Test
    void without_mpp_lesions_are_unknown_and_sized_in_pixels_only() {
        SlideVerdict verdict = SlideVerdict.of(twoLesions().mpp(0).slide());

        assertEquals(Category.UNKNOWN, verdict.category());
        assertNotNull(verdict.millimetresUnavailable());
        assertNull(verdict.tumourAreaMm2());
        assertNull(verdict.largestDiameterMm());
        assertNull(verdict.lesions().getFirst().areaMm2());
        assertNull(verdict.lesions().getFirst().largestDiameterMm());
        assertEquals(CELL * Math.sqrt(13), verdict.largestDiameterPx(), 1e-9);
        assertEquals(Category.NEGATIVE, SlideVerdict.of(Grids.of(5, 5).mpp(0).slide()).category());
    }

    @Test
    void cells_touching_at_a_corner_are_one_lesion() {
        SlideVerdict verdict = SlideVerdict.of(Grids.of(10, 10).set(2, 2, 0.9f).set(3, 3, 0.9f).set(4, 4, 0.9f).slide());

        assertEquals(1, verdict.lesions().size());
        assertEquals(3, verdict.lesions().getFirst().cells());
        assertEquals(3 * CELL * Math.sqrt(2), verdict.largestDiameterPx(), 1e-9);
    }

    @Test
    void the_diameter_of_an_l_shape_spans_its_far_corners() {
        // Cells (0..4, 0) and (0, 1..4): the corners (5, 0)·256 and (0, 5)·256 are farthest apart.
        SlideVerdict verdict = SlideVerdict.of(Grids.of(8, 8).block(0, 0, 4, 0, 0.9f).block(0, 1, 0, 4, 0.9f).slide());

        assertEquals(CELL * 5 * Math.sqrt(2), verdict.largestDiameterPx(), 1e-9);
        assertEquals(9, verdict.lesions().getFirst().cells());
    }

    @Test
    void the_slide_probability_damps_a_lone_high_cell_but_keeps_a_deposit() {
        SlideVerdict lone = SlideVerdict.of(Grids.of(10, 10).block(0, 0, 9, 9, 0f).set(5, 5, 0.9f).slide());
        SlideVerdict deposit = SlideVerdict.of(Grids.of(10, 10).block(0, 0, 9, 9, 0f).block(4, 4, 6, 6, 0.9f).slide());

        assertEquals(0.1, lone.slideProbability(), 1e-6);
        assertEquals(0.9, lone.maxScore(), 1e-6);
        assertEquals(0.9, deposit.slideProbability(), 1e-6);
        assertEquals(0, SlideVerdict.of(Grids.of(3, 3).offTissue(0, 0, 2, 2).slide()).slideProbability());
    }

    @Test
    void the_verdict_serialises_to_the_contract_json_with_null_millimetres() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode verdict = json.readTree(json.writeValueAsBytes(SlideVerdict.of(twoLesions().mpp(0).slide())));

        assertEquals(List.of("category", "threshold", "maxScore", "slideProbability", "tumourAreaPx2", "tumourAreaMm2",
                "largestDiameterPx", "largestDiameterMm", "millimetresUnavailable", "patchesFailed", "incomplete",
                "incompleteReason", "lesions"), names(verdict));
        assertFalse(verdict.get("incomplete").asBoolean());
        assertTrue(verdict.get("incompleteReason").isNull());
        assertEquals("UNKNOWN", verdict.get("category").asText());
        assertTrue(verdict.get("tumourAreaMm2").isNull());
        JsonNode lesion = verdict.get("lesions").get(0);
        assertEquals(List.of("id", "cells", "areaPx2", "areaMm2", "largestDiameterPx", "largestDiameterMm", "meanScore",
                "maxScore", "bbox", "centroid"), names(lesion));
        assertTrue(lesion.get("areaMm2").isNull());
        assertEquals(List.of("x", "y", "width", "height"), names(lesion.get("bbox")));
        assertEquals(List.of("x", "y"), names(lesion.get("centroid")));
        assertEquals(768, lesion.get("bbox").get("width").asLong());
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
