package io.slidestream.aggregator.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.slidestream.core.events.SlideState;

import java.time.Instant;

/**
 * One slide as the REST API shows it. Fields that come with the manifest (patchesTotal, width, height, mpp,
 * grid) are null until it arrives; maxScore is null until a score does.
 */
public record SlideDetail(String slideId, SlideState status, Integer patchesTotal, int patchesScored,
                          int duplicateScores, Long width, Long height, Double mppX, Double mppY, Grid grid,
                          int tumourPatches, Float maxScore,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
                          String modelId, Timings timings) {

    public record Grid(int cols, int rows, int level, int patchSize, double downsample) {
    }

    /** When the slide first reached each state; null for states it has not reached or skipped. */
    public record Timings(Instant queuedAt, Instant tilingAt, Instant scoringAt, Instant completedAt,
                          Instant failedAt) {
    }
}
