package io.slidestream.core.events;

import io.slidestream.core.model.InputRole;
import io.slidestream.core.slide.RegionRequest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventContractsTest {
    /** 64 px patches at 1 µm/px and 64 px context at 4 µm/px on a 0.5 µm/px slide: levels 1 and 3 of a 2× pyramid. */
    private final GridGeometry grid = new GridGeometry("demo", 128, 32, 20, List.of(
            new InputGeometry("patch", InputRole.PATCH, 64, 1.0, 2.0, 1, 2.0, 64),
            new InputGeometry("context", InputRole.CONTEXT, 64, 4.0, 8.0, 3, 8.0, 64)));

    @Test
    void patchBatchSurvivesJsonRoundTrip() {
        PatchBatch batch = new PatchBatch(Contract.SCHEMA_VERSION, "s1", "a.tiff", 3, grid, Priority.URGENT,
                List.of(new PatchBatch.PatchRef(4, 5, grid.originX(4), grid.originY(5))));
        assertTrue(EventJson.write(batch).contains("\"priority\":\"urgent\""), EventJson.write(batch));
        assertEquals(batch, EventJson.read(EventJson.write(batch), PatchBatch.class));
    }

    @Test
    void scoreBatchCarriesFailedPatchesAndTheModelsThresholdAndReadsOldMessagesWithoutThem() {
        ScoreBatch batch = new ScoreBatch(Contract.SCHEMA_VERSION, "s1", 2, "demo:1",
                List.of(new ScoreBatch.PatchScore(1, 2, 0.25f)),
                List.of(new ScoreBatch.FailedPatch(3, 4, "tile (0, 0) of level 1 cannot be decoded")), 0.8);
        assertEquals(batch, EventJson.read(EventJson.write(batch), ScoreBatch.class));
        assertEquals(0.8, EventJson.read(EventJson.write(batch), ScoreBatch.class).threshold());
        ScoreBatch old = EventJson.read("{\"schemaVersion\":1,\"slideId\":\"s1\",\"batchIndex\":0,"
                + "\"modelId\":\"demo:1\",\"scores\":[{\"col\":1,\"row\":2,\"score\":0.5}]}", ScoreBatch.class);
        assertEquals(List.of(), old.failed());
        assertNull(old.threshold(), "the aggregator's own threshold applies");
        assertEquals(1, old.scores().size());
    }

    @Test
    void patchScoresCarryTheirProbabilityMapOnlyWhenTheModelGivesOne() {
        int[] map = {0, 255, 12, 128}; // 2 x 2, row-major
        ScoreBatch batch = new ScoreBatch(Contract.SCHEMA_VERSION, "s1", 2, "fcn:1",
                List.of(new ScoreBatch.PatchScore(1, 2, 1.0f, map), new ScoreBatch.PatchScore(3, 2, 0.25f)), List.of(), 0.5);
        String json = EventJson.write(batch);
        assertTrue(json.contains("{\"col\":1,\"row\":2,\"score\":1.0,\"map\":[0,255,12,128]}"), json);
        assertTrue(json.contains("{\"col\":3,\"row\":2,\"score\":0.25}"), "no map field without a map: " + json);
        ScoreBatch read = EventJson.read(json, ScoreBatch.class);
        assertEquals(batch, read);
        assertArrayEquals(map, read.scores().getFirst().map());
        assertNull(read.scores().get(1).map());

        ScoreBatch old = EventJson.read("{\"schemaVersion\":2,\"slideId\":\"s1\",\"batchIndex\":0,"
                + "\"modelId\":\"demo:1\",\"scores\":[{\"col\":1,\"row\":2,\"score\":0.5}],\"threshold\":0.5}",
                ScoreBatch.class);
        assertEquals(new ScoreBatch.PatchScore(1, 2, 0.5f), old.scores().getFirst());
    }

    @Test
    void aScoreBatchWithAMisshapenOrOutOfRangeMapIsMalformed() {
        String misshapen = "{\"schemaVersion\":2,\"slideId\":\"s1\",\"batchIndex\":0,\"modelId\":\"fcn:1\","
                + "\"scores\":[{\"col\":1,\"row\":2,\"score\":0.5,\"map\":[1,2,3]}]}";
        EventJson.MalformedEventException e = assertThrows(EventJson.MalformedEventException.class,
                () -> EventJson.read(misshapen, ScoreBatch.class));
        assertTrue(e.getMessage().contains("not square"), e.getMessage());
        String outOfRange = misshapen.replace("[1,2,3]", "[1,2,3,300]");
        e = assertThrows(EventJson.MalformedEventException.class, () -> EventJson.read(outOfRange, ScoreBatch.class));
        assertTrue(e.getMessage().contains("300 is not in 0..255"), e.getMessage());
    }

    @Test
    void readersIgnoreFieldsAddedByNewerWriters() {
        String json = "{\"schemaVersion\":1,\"slideId\":\"s1\",\"state\":\"FAILED\",\"reason\":\"boom\","
                + "\"source\":\"tiler\",\"at\":\"2026-11-21T10:00:00Z\",\"addedLater\":42}";
        SlideStatus status = EventJson.read(json, SlideStatus.class);
        assertEquals(SlideState.FAILED, status.state());
        assertEquals(Instant.parse("2026-11-21T10:00:00Z"), status.at());
    }

    @Test
    void gridPlacesPatchesAndSameCentreContext() {
        assertEquals(4 * 64 * 2, grid.originX(4));
        // The patch input of column 4 starts at the cell's edge, in level-1 pixels.
        assertEquals(grid.originX(4) / 2, grid.inputLeft(0, 4));
        // The context patch (64 px at downsample 8 = 512 level-0 px) shares the patch's centre.
        long contextX = GridGeometry.level0(grid.inputs().get(1), grid.inputLeft(1, 4));
        assertEquals(grid.originX(4) + 64, contextX + 256);
        RegionRequest lone = grid.inputRegion(1, 4, 5);
        assertEquals(3, lone.level());
        assertEquals(contextX, lone.x());
        assertEquals(64, lone.width());
    }

    @Test
    void cellIndexIsRowMajorAndRejectsCellsOutsideTheGrid() {
        assertEquals(5 * 32 + 4, grid.cellIndex(4, 5));
        assertThrows(IllegalArgumentException.class, () -> grid.cellIndex(32, 0));
    }

    @Test
    void malformedRecordIsRejectedWithTheExpectedTypeNamed() {
        EventJson.MalformedEventException e = assertThrows(EventJson.MalformedEventException.class,
                () -> EventJson.read("{not json", ScoreBatch.class));
        assertTrue(e.getMessage().contains("ScoreBatch"), e.getMessage());
        assertThrows(EventJson.MalformedEventException.class, () -> EventJson.read("null", ScoreBatch.class));
        assertThrows(EventJson.MalformedEventException.class, () -> EventJson.read("", ScoreBatch.class));
    }

    @Test
    void slideReadyFromAnOlderScannerDefaultsToRoutineDefaultProfileAndNoForce() {
        SlideReady ready = EventJson.read("{\"schemaVersion\":1,\"slideId\":\"\",\"path\":\"/slides/a.svs\","
                + "\"source\":\"scanner-7\"}", SlideReady.class);
        assertEquals(Priority.ROUTINE, Priority.orRoutine(ready.priority()));
        assertEquals(null, ready.profile());
        assertEquals(null, ready.mpp());
        assertEquals(false, ready.force());
        SlideReady urgent = EventJson.read("{\"path\":\"/slides/a.svs\",\"priority\":\"urgent\",\"mpp\":0.25,"
                + "\"force\":true}", SlideReady.class);
        assertEquals(Priority.URGENT, urgent.priority());
        assertEquals(0.25, urgent.mpp());
        assertTrue(urgent.force());
    }
}
