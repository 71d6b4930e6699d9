package io.slidestream.inference.pipeline;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineSettingsTest {

    @Test
    void sizesThatCannotWorkAreRefusedSayingWhy() {
        IllegalArgumentException noReader = assertThrows(IllegalArgumentException.class,
                () -> new PipelineSettings(0, 1, 64, Duration.ZERO, 256, 4, ReadStrategy.REGION));
        assertTrue(noReader.getMessage().contains("at least 1"), noReader.getMessage());
        IllegalArgumentException smallQueue = assertThrows(IllegalArgumentException.class,
                () -> new PipelineSettings(1, 1, 64, Duration.ZERO, 32, 4, ReadStrategy.REGION));
        assertTrue(smallQueue.getMessage().contains("at least one model batch"), smallQueue.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new PipelineSettings(1, 1, 64, Duration.ofMillis(-1), 256, 4, ReadStrategy.REGION));
    }

    @Test
    void mapsArePublishedAtEightByEightUnlessSetWithinOneToSixteen() {
        assertEquals(8, PipelineSettings.defaults().mapEdge());
        assertEquals(16, PipelineSettings.defaults().withMapEdge(16).withReaders(3).mapEdge(), "kept by the other withers");
        IllegalArgumentException tooFine = assertThrows(IllegalArgumentException.class,
                () -> PipelineSettings.defaults().withMapEdge(17));
        assertTrue(tooFine.getMessage().contains("1..16, got 17"), tooFine.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PipelineSettings.defaults().withMapEdge(0));
    }

    @Test
    void aLargerBatchSizeMakesRoomForOneBatchInTheQueue() {
        PipelineSettings settings = PipelineSettings.defaults().withBatchSize(512);
        assertEquals(512, settings.batchSize());
        assertEquals(512, settings.queuedPatches());
        assertEquals(ReadStrategy.REGION, new PipelineSettings(1, 1, 8, Duration.ZERO, 8, 0, null).readStrategy());
    }
}
