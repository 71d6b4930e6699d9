package io.slidestream.core.events;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventContractsTest {
    private final GridGeometry grid = new GridGeometry(1, 2.0, 64, 3, 8.0, 32, 20);

    @Test
    void patchBatchSurvivesJsonRoundTrip() {
        PatchBatch batch = new PatchBatch(Contract.SCHEMA_VERSION, "s1", "/slides/a.tiff", 3, grid,
                List.of(new PatchBatch.PatchRef(4, 5, grid.originX(4), grid.originY(5))));
        assertEquals(batch, EventJson.read(EventJson.write(batch), PatchBatch.class));
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
        assertEquals(128.0, grid.patchSizeLevel0());
        // The context patch (64 px at downsample 8 = 512 level-0 px) shares the patch's centre.
        long x = grid.originX(4);
        long contextX = grid.contextOriginX(x);
        assertEquals(x + 64, contextX + 256);
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
}
