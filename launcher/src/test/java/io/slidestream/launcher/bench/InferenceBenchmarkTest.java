package io.slidestream.launcher.bench;

import io.slidestream.core.events.Contract;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.InputGeometry;
import io.slidestream.core.events.MppSource;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.Priority;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.SlideDescription;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.events.Topics;
import io.slidestream.core.model.InputRole;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InferenceBenchmarkTest {

    @Test
    void optionsDefaultToABenchmarkSizeSlideAndRefuseUnknownOnes() {
        InferenceBenchmark.Options defaults = InferenceBenchmark.Options.parse(new String[0]);
        assertEquals(Path.of("bench-out"), defaults.out());
        assertTrue(defaults.width() >= 40_000 && defaults.height() >= 30_000);
        assertFalse(defaults.skipScoring());
        InferenceBenchmark.Options small = InferenceBenchmark.Options.parse(
                new String[] {"--out", "/tmp/b", "--width", "8192", "--height", "6144", "--naive-batches", "10"});
        assertEquals(8192, small.width());
        assertEquals(10, small.naiveBatches());
        for (String[] bad : new String[][] {{"--bogus", "1"}, {"--out"}, {"--width", "wide"}, {"--height", "-1"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> InferenceBenchmark.Options.parse(bad));
            assertTrue(e.getMessage().contains("./slidestream bench"), e.getMessage());
        }
    }

    @Test
    void aSampleIsEvenlySpacedAndAllWhenThereAreFewer() {
        int[] values = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertArrayEquals(values, InferenceBenchmark.sample(values, 10));
        assertArrayEquals(new int[] {0, 2, 4, 6, 8}, InferenceBenchmark.sample(values, 5));
    }

    @Test
    void aRunIsReadBackFromItsRecordsWithTheIntervalFromManifestToLastScore() {
        SlideManifest manifest = manifest("s1", 3, 2);
        PatchBatch first = batch("s1", 0, 0, 1);
        PatchBatch second = batch("s1", 1, 2);
        Map<String, List<ConsumerRecord<String, String>>> records = new LinkedHashMap<>();
        records.put(Topics.SLIDE_MANIFESTS, List.of(record(Topics.SLIDE_MANIFESTS, "s1", manifest, 1_000),
                record(Topics.SLIDE_MANIFESTS, "other", manifest("other", 1, 1), 1_100)));
        // The first batch published twice (a retry), the second on the urgent topic.
        records.put(Topics.PATCH_BATCHES, List.of(record(Topics.PATCH_BATCHES, "s1", first, 1_200),
                record(Topics.PATCH_BATCHES, "s1", first, 1_300)));
        records.put(Topics.PATCH_BATCHES_URGENT, List.of(record(Topics.PATCH_BATCHES_URGENT, "s1", second, 1_250)));
        records.put(Topics.SCORE_BATCHES, List.of(
                record(Topics.SCORE_BATCHES, "s1", new ScoreBatch(Contract.SCHEMA_VERSION, "s1", 0, "m",
                        List.of(new ScoreBatch.PatchScore(0, 0, 0.1f), new ScoreBatch.PatchScore(1, 0, 0.2f))), 2_000),
                record(Topics.SCORE_BATCHES, "s1", new ScoreBatch(Contract.SCHEMA_VERSION, "s1", 1, "m",
                        List.of(new ScoreBatch.PatchScore(2, 0, 0.3f))), 3_000),
                record(Topics.SCORE_BATCHES, "s1", new ScoreBatch(Contract.SCHEMA_VERSION, "s1", 0, "m",
                        List.of(new ScoreBatch.PatchScore(0, 0, 0.1f))), 2_500)));

        InferenceBenchmark.Run run = InferenceBenchmark.Run.of("s1", records);

        assertEquals(2, run.batches().size());
        assertEquals(List.of(0, 1), run.batches().stream().map(PatchBatch::batchIndex).toList());
        assertEquals(2, run.batchJson().size());
        assertEquals(first, EventJson.read(run.batchJson().getFirst(), PatchBatch.class));
        assertEquals(1, run.urgentBatches());
        assertEquals(3, run.patchesScored());
        assertEquals(1, run.duplicateScores());
        assertEquals(1_000, run.manifestAt());
        assertEquals(3_000, run.lastScoreAt());
        assertEquals(2.0, run.manifestToLastScoreSeconds(), 1e-9);
    }

    @Test
    void batchesMissingFromKafkaAreAnErrorNotASmallerRun() {
        Map<String, List<ConsumerRecord<String, String>>> records = new LinkedHashMap<>();
        records.put(Topics.SLIDE_MANIFESTS, List.of(record(Topics.SLIDE_MANIFESTS, "s1", manifest("s1", 3, 2), 1_000)));
        records.put(Topics.PATCH_BATCHES, List.of(record(Topics.PATCH_BATCHES, "s1", batch("s1", 0, 0, 1), 1_200)));
        records.put(Topics.PATCH_BATCHES_URGENT, List.of());
        records.put(Topics.SCORE_BATCHES, List.of());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> InferenceBenchmark.Run.of("s1", records));
        assertTrue(e.getMessage().contains("1 patch batches read back, the manifest says 2"), e.getMessage());
    }

    private static SlideManifest manifest(String slideId, int patches, int batches) {
        GridGeometry grid = new GridGeometry("demo", 128, 8, 8, List.of(
                new InputGeometry("patch", InputRole.PATCH, 64, 1.0, 2.0, 1, 2.0, 64),
                new InputGeometry("context", InputRole.CONTEXT, 64, 4.0, 8.0, 3, 8.0, 64)));
        SlideDescription slide = new SlideDescription("generic-tiff", 1024, 1024, List.of(
                new SlideDescription.Level(1024, 1024, 1), new SlideDescription.Level(512, 512, 2)), 0.5, MppSource.SLIDE,
                20, 256, 256);
        return new SlideManifest(Contract.SCHEMA_VERSION, slideId, slideId + ".tiff", slide, grid, patches, batches,
                new SlideManifest.TissueSummary("otsu", 1.0, 0.5), Priority.ROUTINE, Instant.EPOCH);
    }

    private static PatchBatch batch(String slideId, int index, int... cols) {
        GridGeometry grid = manifest(slideId, 1, 1).grid();
        List<PatchBatch.PatchRef> patches = new ArrayList<>();
        for (int col : cols) {
            patches.add(new PatchBatch.PatchRef(col, 0, col * 128L, 0));
        }
        return new PatchBatch(Contract.SCHEMA_VERSION, slideId, slideId + ".tiff", index, grid, Priority.ROUTINE, patches);
    }

    private static ConsumerRecord<String, String> record(String topic, String key, Object event, long timestamp) {
        return new ConsumerRecord<>(topic, 0, 0, timestamp, TimestampType.CREATE_TIME, -1, -1, key,
                EventJson.write(event), new RecordHeaders(), Optional.empty());
    }
}
