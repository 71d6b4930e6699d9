package io.slidestream.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slidestream.core.events.EventJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code report.json} of an {@code analyze} run, and its exit code. */
final class AnalysisReport {
    static final String FILE_NAME = "report.json";
    /** Every slide COMPLETE. */
    static final int OK = 0;
    /** At least one slide FAILED (or none was run). */
    static final int SLIDES_FAILED = 1;

    private AnalysisReport() {
    }

    /** 0 when every slide is COMPLETE, else 1; an empty run is no success. */
    static int exitCode(List<SlideResult> results) {
        return !results.isEmpty() && results.stream().allMatch(SlideResult::complete) ? OK : SLIDES_FAILED;
    }

    /** One line per FAILED slide: its file and why. */
    static List<String> failures(List<SlideResult> results) {
        return results.stream().filter(r -> !r.complete())
                .map(r -> "FAILED " + r.file() + ": " + (r.reason() == null ? "no reason given" : r.reason()))
                .toList();
    }

    /**
     * {@code {"exitCode", "slidesTotal", "slidesComplete", "slidesFailed", "model", "timingsSeconds",
     * "slides": [{"file", "slideId", "state", "reason", "verdict", "patchesTotal", "patchesScored",
     * "seconds", "patchesPerSecond", "timingsSeconds": {"submitToComplete"}, "timings", "outputFolder",
     * "groundTruth"}]}}; output folders relative to the report. {@code patchesPerSecond} and
     * {@code submitToComplete} (the throughput benchmark's figures) only for COMPLETE slides, {@code groundTruth}
     * only for slides with a generated ground truth.
     */
    static ObjectNode compose(Path outDir, Path model, List<SlideResult> results, Map<String, Double> timings) {
        ObjectNode report = EventJson.mapper().createObjectNode();
        long complete = results.stream().filter(SlideResult::complete).count();
        report.put("exitCode", exitCode(results));
        report.put("slidesTotal", results.size());
        report.put("slidesComplete", complete);
        report.put("slidesFailed", results.size() - complete);
        report.put("model", model == null ? null : model.toString());
        ObjectNode times = report.putObject("timingsSeconds");
        timings.forEach((name, seconds) -> times.put(name, round(seconds)));
        ArrayNode slides = report.putArray("slides");
        for (SlideResult result : results) {
            ObjectNode slide = slides.addObject();
            slide.put("file", result.file().toString());
            slide.put("slideId", result.slideId());
            slide.put("state", result.state());
            slide.put("reason", result.reason());
            slide.put("verdict", result.verdictCategory());
            JsonNode summary = result.summary();
            slide.set("patchesTotal", summary == null ? null : summary.get("patchesTotal"));
            slide.set("patchesScored", summary == null ? null : summary.get("patchesScored"));
            slide.put("seconds", round(result.seconds()));
            if (result.complete() && summary != null && result.seconds() > 0) {
                slide.put("patchesPerSecond", round(summary.path("patchesScored").asInt() / result.seconds()));
                slide.putObject("timingsSeconds").put("submitToComplete", round(result.seconds()));
            }
            slide.set("timings", summary == null ? null : summary.get("timings"));
            slide.put("outputFolder", result.outputFolder() == null ? null
                    : outDir.relativize(result.outputFolder()).toString());
            if (result.groundTruth() != null) {
                slide.set("groundTruth", result.groundTruth());
            }
        }
        return report;
    }

    static Path write(Path outDir, ObjectNode report) throws IOException {
        Path file = outDir.resolve(FILE_NAME);
        Files.writeString(file, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        return file;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
