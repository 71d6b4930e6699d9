package io.slidestream.aggregator.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * run.json: what ran on which slide, when, and what it found. Holds no wall-clock time of its own, so
 * writing it again for the same slide gives the same bytes.
 */
final class RunJson {
    /** Used when the jar's manifest states no version (tests, IDE runs). */
    static final String DEFAULT_VERSION = "0.1.0-SNAPSHOT";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunJson() {
    }

    /**
     * @param timings   state name → ISO instant, in time order
     * @param counts    patchesTotal (the manifest's patch count), patchesScored, patchesFailed (never scored),
     *                  tumourPatches, duplicateScores
     * @param grid      cols, rows, cellSize (level-0 px) of the patch grid, and subCellEdge: for a slide scored with
     *                  probability maps, the sub-cells each way of a cell that the images, mask and lesions are
     *                  drawn on (absent otherwise)
     * @param maskTiff  the mask TIFF's downsample (level-0 px per TIFF px), size and page count
     */
    record Run(String slideId, String slideRef, String modelId, String profile, double threshold,
               Map<String, String> versions, Map<String, String> timings, Counts counts, Grid grid,
               int maskDownsample, MaskTiff.Layout maskTiff, SlideVerdict verdict) {
    }

    record Counts(int patchesTotal, int patchesScored, int patchesFailed, int tumourPatches, int duplicateScores) {
    }

    record Grid(int cols, int rows, double cellSize, @JsonInclude(JsonInclude.Include.NON_NULL) Integer subCellEdge) {
    }

    static Run run(CompletedSlide slide, SlideVerdict verdict) {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("slidestream", slideStreamVersion());
        versions.put("java", System.getProperty("java.version"));
        Map<String, String> timings = new LinkedHashMap<>();
        slide.timings().entrySet().stream()
                .sorted(Map.Entry.<String, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> timings.put(e.getKey(), e.getValue().toString()));
        MaskTiff.Layout layout = MaskTiff.layout(slide.finest());
        return new Run(slide.manifest().slideId(), slide.manifest().slideRef(), slide.modelId(),
                slide.grid().profile(), slide.threshold(), versions, timings,
                new Counts(slide.manifest().patchCount(), slide.scoredCount(), slide.patchesFailed(),
                        slide.tumourCount(), slide.duplicateScores()),
                new Grid(slide.cols(), slide.rows(), slide.grid().cellSize(),
                        slide.subCells() == null ? null : slide.subCellEdge()), layout.downsample(), layout, verdict);
    }

    static byte[] json(CompletedSlide slide, SlideVerdict verdict) {
        try {
            return JSON.writeValueAsBytes(run(slide, verdict));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String slideStreamVersion() {
        String version = RunJson.class.getPackage().getImplementationVersion();
        return version != null ? version : DEFAULT_VERSION;
    }

}
