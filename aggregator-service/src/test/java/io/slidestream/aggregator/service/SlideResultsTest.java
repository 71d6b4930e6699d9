package io.slidestream.aggregator.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slidestream.aggregator.TestManifests;
import io.slidestream.aggregator.config.AggregatorConfig;
import io.slidestream.aggregator.results.OutputFile;
import io.slidestream.aggregator.stitching.CellStore;
import io.slidestream.aggregator.stitching.MapStore;
import io.slidestream.aggregator.stitching.PendingScores;
import io.slidestream.aggregator.stitching.SlideLedger;
import io.slidestream.aggregator.stitching.SlideRecord;
import io.slidestream.core.events.Contract;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.ScoreBatch.FailedPatch;
import io.slidestream.core.events.ScoreBatch.PatchScore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What completing a slide leaves on disk. */
class SlideResultsTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @TempDir
    Path root;

    @Test
    void a_completed_slide_gets_its_verdict_and_its_six_files_in_its_own_folder() throws IOException {
        Path results = root.resolve("results");
        JsonNode verdict = complete("slide-0001", results);
        assertEquals("ITC", verdict.path("category").asText());
        for (OutputFile file : OutputFile.values()) {
            assertTrue(Files.size(results.resolve("slide-0001").resolve(file.fileName())) > 0, file.fileName());
        }
    }

    @Test
    void a_slide_id_that_is_no_safe_folder_name_gets_its_verdict_but_writes_nothing() throws IOException {
        Path results = Files.createDirectories(root.resolve("results"));
        JsonNode verdict = complete("../escaped", results);
        assertEquals("ITC", verdict.path("category").asText());
        assertFalse(Files.exists(root.resolve("escaped")), "nothing written outside the results directory");
        try (Stream<Path> written = Files.list(results)) {
            assertEquals(List.of(), written.toList());
        }
    }

    @Test
    void a_slide_with_an_unread_patch_and_no_tumour_is_unknown_and_incomplete_and_its_files_list_only_scores()
            throws IOException {
        Path results = root.resolve("results");
        JsonNode verdict = complete("slide-0002", results, new ScoreBatch(Contract.SCHEMA_VERSION, "slide-0002", 0,
                "model-a", List.of(new PatchScore(0, 0, 0.1f)), List.of(new FailedPatch(1, 0, "I/O error"))));

        assertEquals("UNKNOWN", verdict.path("category").asText());
        assertTrue(verdict.path("incomplete").asBoolean());
        assertEquals(1, verdict.path("patchesFailed").asInt());
        Path folder = results.resolve("slide-0002");
        assertEquals(List.of("minx,miny,width,height,prob_tumor", "0,0,256,256,0.1"),
                Files.readAllLines(folder.resolve("scores.csv")), "the failed cell is no row");
        JsonNode run = new ObjectMapper().readTree(folder.resolve("run.json").toFile());
        assertEquals(2, run.at("/counts/patchesTotal").asInt());
        assertEquals(1, run.at("/counts/patchesScored").asInt());
        assertEquals(1, run.at("/counts/patchesFailed").asInt());
        assertEquals("UNKNOWN", run.at("/verdict/category").asText());
    }

    /** A 2×1 slide whose second cell is tumour, completed through the ledger, then handed to SlideResults. */
    private JsonNode complete(String slideId, Path results) {
        return complete(slideId, results, new ScoreBatch(Contract.SCHEMA_VERSION, slideId, 0, "model-a",
                List.of(new PatchScore(0, 0, 0.1f), new PatchScore(1, 0, 0.9f))));
    }

    /** A 2×1 slide completed by {@code batch} through the ledger, then handed to SlideResults. */
    private JsonNode complete(String slideId, Path results, ScoreBatch batch) {
        Map<String, float[]> chunks = new HashMap<>();
        SlideLedger ledger = new SlideLedger(new CellStore() {
            @Override
            public float[] get(String id, int chunk) {
                return chunks.get(id + "/" + chunk);
            }

            @Override
            public void put(String id, int chunk, float[] cells) {
                chunks.put(id + "/" + chunk, cells.clone());
            }

            @Override
            public void delete(String id, int chunk) {
                chunks.remove(id + "/" + chunk);
            }
        }, MapStore.NONE, new PendingScores() {
            @Override
            public void add(String id, long sequence, ScoreBatch batch) {
                throw new AssertionError("the manifest comes first here");
            }

            @Override
            public List<ScoreBatch> drain(String id) {
                return List.of();
            }
        }, 0.5);
        SlideRecord slide = ledger.manifest(null, TestManifests.manifest(slideId, 2, 1, 2, T0), T0).slide();
        SlideLedger.Applied done = ledger.scores(slide, batch, 0, T0.plusSeconds(1));
        assertTrue(done.completed());
        return new SlideResults(config(results)).complete(done.slide(), ledger.scores(done.slide()));
    }

    private static AggregatorConfig config(Path results) {
        return new AggregatorConfig() {
            @Override
            public double tumourThreshold() {
                return 0.5;
            }

            @Override
            public String applicationId() {
                return "test";
            }

            @Override
            public Path stateDir() {
                return results.resolveSibling("state");
            }

            @Override
            public Path resultsDir() {
                return results;
            }

            @Override
            public Optional<String> instanceUrl() {
                return Optional.empty();
            }

            @Override
            public int streamThreads() {
                return 1;
            }

            @Override
            public String tilerUrl() {
                return "http://localhost:8081";
            }

            @Override
            public Optional<String> tilerApiKey() {
                return Optional.empty();
            }
        };
    }
}
