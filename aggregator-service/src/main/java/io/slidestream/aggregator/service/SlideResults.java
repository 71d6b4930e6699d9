package io.slidestream.aggregator.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.logging.Log;
import io.slidestream.aggregator.config.AggregatorConfig;
import io.slidestream.aggregator.results.CompletedSlide;
import io.slidestream.aggregator.results.OutputFiles;
import io.slidestream.aggregator.results.SlideVerdict;
import io.slidestream.aggregator.stitching.SlideCompletion;
import io.slidestream.aggregator.stitching.SlideRecord;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.SlideState;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A completed slide's verdict, and its outputs written to the results directory, where they outlive topic
 * retention. Runs inside the stream processor: after a crash the slide completes again from the replayed
 * events and the same files are written again, byte for byte.
 */
@ApplicationScoped
public class SlideResults implements SlideCompletion {
    /** Slide ids become folder names: anything else (a scanner's odd id) is not written to disk. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final AggregatorConfig config;

    SlideResults(AggregatorConfig config) {
        this.config = config;
    }

    @Override
    public JsonNode complete(SlideRecord slide, float[] scores, float[] subCellScores) {
        CompletedSlide completed = completed(slide, scores, subCellScores, slide.threshold(config.tumourThreshold()));
        SlideVerdict verdict = SlideVerdict.of(completed);
        if (!SAFE_ID.matcher(slide.slideId()).matches()) {
            Log.warnf("slide %s: its id is not a safe folder name, outputs are served but not written to %s",
                    slide.slideId(), config.resultsDir());
        } else {
            try {
                Path folder = OutputFiles.writeAll(completed, config.resultsDir().resolve(slide.slideId()));
                Log.infof("slide %s: %s, outputs in %s", slide.slideId(), verdict.category(), folder);
            } catch (RuntimeException e) {
                // The verdict stands and the outputs are still served; only the archived copy is missing.
                Log.errorf(e, "slide %s: could not write its outputs to %s", slide.slideId(), config.resultsDir());
            }
        }
        return EventJson.mapper().valueToTree(verdict);
    }

    /**
     * The inputs of the outputs, from a stored slide and its scores.
     *
     * @param subCellScores its sub-cell raster at its {@link SlideRecord#mapEdge()}, null for a slide without maps
     */
    static CompletedSlide completed(SlideRecord slide, float[] scores, float[] subCellScores, double threshold) {
        Map<String, java.time.Instant> timings = new LinkedHashMap<>();
        for (SlideState state : SlideState.values()) {
            if (slide.lifecycle().reachedAt(state) != null) {
                timings.put(state.name(), slide.lifecycle().reachedAt(state));
            }
        }
        return new CompletedSlide(slide.manifest(), scores, threshold, slide.modelId(), timings, slide.duplicateScores(),
                slide.patchesFailed(), subCellScores == null ? null
                        : new CompletedSlide.SubCells(slide.mapEdge(), subCellScores));
    }
}
