package io.slidestream.aggregator.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.slidestream.core.events.Priority;
import io.slidestream.core.events.SlideDescription;
import io.slidestream.core.events.SlideManifest.TissueSummary;
import io.slidestream.core.events.SlideState;

import java.time.Instant;

/**
 * One slide as the REST API shows it: the {@link SlideSummary} fields and more. Fields that come with the
 * manifest (patchesTotal, slideRef, slide, tissue, grid, priority) are null until it arrives; maxScore is null
 * until a score does.
 */
public record SlideDetail(String slideId, String slideRef, SlideState state, String reason, Integer patchesTotal,
                          int patchesScored, int patchesFailed, double progress, Double etaSeconds, Instant updatedAt,
                          JsonNode verdict, int duplicateScores, int tumourPatches, Float maxScore, String modelId,
                          SlideDescription slide, TissueSummary tissue, Grid grid, Priority priority,
                          Timings timings) {

    /**
     * @param cellSize    level-0 pixels per cell edge
     * @param cellEdgeUm  microns per cell edge
     * @param profile     the analysis profile the grid was planned for
     * @param subCellEdge for a slide scored with probability maps, the sub-cells each way of a cell that its
     *                    heatmap, mask and lesions are drawn on; absent otherwise
     */
    public record Grid(int cols, int rows, double cellSize, double cellEdgeUm, String profile,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Integer subCellEdge) {
    }

    /** When the slide first reached each state; null for states it has not reached or skipped. */
    public record Timings(Instant queuedAt, Instant tilingAt, Instant scoringAt, Instant completedAt,
                          Instant failedAt) {
    }
}
