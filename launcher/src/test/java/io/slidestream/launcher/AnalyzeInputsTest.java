package io.slidestream.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slidestream.core.events.EventJson;
import io.slidestream.launcher.AnalyzeCommand.AnalyzeOptions;
import io.slidestream.trainer.truth.SlideFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** analyze without a stack: its arguments, which files it runs, where their outputs go, the report, the exit code. */
class AnalyzeInputsTest {

    @Test
    void optionsDefaultToAnalysisOutTheDemoModelAndTheDemoSlide() {
        assertEquals(new AnalyzeOptions(Path.of("analysis-out"), null, null, List.of()), AnalyzeCommand.parse());
        assertEquals(new AnalyzeOptions(Path.of("/r"), Path.of("/m"), 0.25, List.of(Path.of("a.svs"), Path.of("dir"))),
                AnalyzeCommand.parse("a.svs", "--out", "/r", "--model", "/m", "--mpp", "0.25", "dir"));
    }

    @Test
    void unknownOptionsMissingValuesAndBadResolutionsAreRefused() {
        for (String[] bad : new String[][] {{"--bogus"}, {"--out"}, {"--mpp", "fine"}, {"--mpp", "-1"}, {"--mpp", "NaN"}}) {
            assertThrows(CommandLine.ParameterException.class, () -> AnalyzeCommand.parse(bad), String.join(" ", bad));
        }
    }

    @Test
    void helpExitsZeroAndBadArgumentsExitTwoWithoutStartingAnything() {
        assertEquals(0, AnalyzeCommand.execute(null, "--help"));
        assertEquals(2, AnalyzeCommand.execute(null, "--bogus"));
    }

    @Test
    void missingInputIsABadArgumentNamingIt(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SlideFiles.discover(List.of(dir.resolve("nope.svs"))));
        assertTrue(e.getMessage().contains("nope.svs"), e.getMessage());
    }

    @Test
    void foldersContributeTheirSlideFilesByNameNotSubFoldersAndFilesComeOnce(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("batch"));
        for (String name : List.of("b.svs", "a.NDPI", "c.tiff", "d.mrxs", "e.jpeg", "notes.txt", "f.json")) {
            Files.writeString(folder.resolve(name), "x");
        }
        Files.createDirectories(folder.resolve("d")).resolve("Data0000.dat").toFile().createNewFile();
        Files.writeString(Files.createDirectories(folder.resolve("sub")).resolve("deep.svs"), "x");
        Path named = Files.writeString(dir.resolve("odd.dat"), "x");

        List<Path> slides = SlideFiles.discover(List.of(named, folder, folder.resolve("b.svs")));

        assertEquals(List.of(named, folder.resolve("a.NDPI"), folder.resolve("b.svs"), folder.resolve("c.tiff"),
                folder.resolve("d.mrxs"), folder.resolve("e.jpeg")), slides,
                "a named file is run whatever its extension (the tiler judges it); folders give slide files only");
    }

    @Test
    void aSlidesGroundTruthBesideItIsNotTakenForASlide(@TempDir Path dir) throws IOException {
        for (String name : List.of("h1.tiff", "h1.tumour-mask.png", "h1.tissue-mask.png", "h1.artefact-mask.png",
                "tumor_001.tif", "Tumor_001_Mask.tif", "scan.png", "other.tumour-mask.png")) {
            Files.writeString(dir.resolve(name), "x");
        }

        List<Path> slides = SlideFiles.discover(List.of(dir));

        assertEquals(List.of(dir.resolve("h1.tiff"), dir.resolve("other.tumour-mask.png"), dir.resolve("scan.png"),
                dir.resolve("tumor_001.tif")), slides, "masks of a slide there are truth; other images are slides");
    }

    @Test
    void aFolderWithoutSlidesIsABadArgument(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("readme.txt"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SlideFiles.discover(List.of(dir)));
        assertTrue(e.getMessage().contains("no slide files") && e.getMessage().contains(".svs"), e.getMessage());
    }

    @Test
    void outputFoldersAreBaseNamesWithDuplicatesNumberedIgnoringCaseAndNeverTheRunsOwnNames() {
        Map<Path, String> names = OutputFolders.names(List.of(Path.of("/a/x.svs"), Path.of("/b/x.tiff"),
                Path.of("/c/X.ndpi"), Path.of("/a/x-2.svs"), Path.of("/a/b.ome.tiff"), Path.of("/a/report.json.svs"),
                Path.of("/a/stack.svs"), Path.of("/a/...svs"), Path.of("/a/..svs")));
        assertEquals(List.of("x", "x-2", "X-3", "x-2-2", "b.ome", "report.json-2", "stack-2", "_.", "_"),
                List.copyOf(names.values()));
    }

    @Test
    void exitCodeIsZeroOnlyWhenEverySlideIsComplete() {
        SlideResult ok = result("a.svs", "COMPLETE", null);
        SlideResult failed = result("b.svs", "FAILED", "OpenSlide cannot read b.svs");
        assertEquals(0, AnalysisReport.exitCode(List.of(ok, ok)));
        assertEquals(1, AnalysisReport.exitCode(List.of(ok, failed)));
        assertEquals(1, AnalysisReport.exitCode(List.of()), "nothing analysed is no success");
        assertEquals(List.of("FAILED /s/b.svs: OpenSlide cannot read b.svs"), AnalysisReport.failures(List.of(ok, failed)));
    }

    @Test
    void reportListsEverySlideWithStateReasonVerdictCountsTimingsAndFolder() {
        ObjectNode summary = EventJson.mapper().createObjectNode().put("slideId", "slide-1").put("state", "COMPLETE")
                .put("patchesTotal", 120).put("patchesScored", 120);
        summary.putObject("timings").put("tilingSeconds", 1.5);
        SlideResult ok = new SlideResult(Path.of("/s/a.svs"), "slide-1", "COMPLETE", null, "MICRO", summary, 12.3456,
                Path.of("/out/a"));
        SlideResult refused = SlideResult.refused(Path.of("/s/b.txt"), "the tiler refused it (HTTP 400): not a slide", null);
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("total", 20.0);

        JsonNode report = AnalysisReport.compose(Path.of("/out"), Path.of("/m"), List.of(ok, refused), timings);

        assertEquals(1, report.path("exitCode").asInt());
        assertEquals(2, report.path("slidesTotal").asInt());
        assertEquals(1, report.path("slidesFailed").asInt());
        assertEquals(20.0, report.path("timingsSeconds").path("total").asDouble());
        JsonNode a = report.path("slides").get(0);
        assertEquals("/s/a.svs", a.path("file").asText());
        assertEquals("slide-1", a.path("slideId").asText());
        assertEquals("COMPLETE", a.path("state").asText());
        assertTrue(a.path("reason").isNull());
        assertEquals("MICRO", a.path("verdict").asText());
        assertEquals(120, a.path("patchesScored").asInt());
        assertEquals(12.346, a.path("seconds").asDouble());
        assertEquals(1.5, a.path("timings").path("tilingSeconds").asDouble());
        assertEquals("a", a.path("outputFolder").asText());
        JsonNode b = report.path("slides").get(1);
        assertEquals("FAILED", b.path("state").asText());
        assertTrue(b.path("reason").asText().contains("HTTP 400"));
        assertTrue(b.path("slideId").isNull() && b.path("outputFolder").isNull() && b.path("patchesTotal").isNull());
    }

    @Test
    void stateIsReadFromTheContractsStateFieldOnly() {
        assertEquals("TILING", SlideResult.stateOf(EventJson.mapper().createObjectNode().put("state", "TILING")));
        assertNull(SlideResult.stateOf(EventJson.mapper().createObjectNode().put("status", "FAILED")));
    }

    @Test
    void tilerRefusalsCarryTheJsonReason() {
        assertEquals("not a slide", SlideStreamClient.errorOf("{\"error\": \"not a slide\"}"));
        assertEquals("Bad Request", SlideStreamClient.errorOf("Bad Request\n"));
        assertEquals("(no JSON reason)", SlideStreamClient.errorOf("<html><body><h1>Resource not found</h1></body></html>"));
    }

    @Test
    void scoredCellsComeFromTheRowsOfScoresCsvOnTheGrid() {
        // A 3 x 2 grid of 10.5 px cells: origins 0, 11 (10.5 rounded), 21.
        byte[] csv = "minx,miny,width,height,prob_tumor\n11,0,10,11,0.25\n21,11,11,10,0.875\n".getBytes();
        boolean[] scored = GridAgreement.scoredCells(csv, 3, 2, 10.5);
        assertEquals("[false, true, false, false, false, true]", java.util.Arrays.toString(scored));
        assertThrows(IllegalArgumentException.class, () -> GridAgreement.scoredCells(
                "minx,miny,width,height,prob_tumor\n42,0,10,11,0.5\n".getBytes(), 3, 2, 10.5));
        assertThrows(IllegalArgumentException.class, () -> GridAgreement.scoredCells(
                "x,y,score\n0,0,0.5\n".getBytes(), 3, 2, 10.5), "not WSInfer's columns");
    }

    private static SlideResult result(String file, String state, String reason) {
        return new SlideResult(Path.of("/s", file), "id-" + file, state, reason, null, null, 1, null);
    }
}
