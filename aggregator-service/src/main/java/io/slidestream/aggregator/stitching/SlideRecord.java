package io.slidestream.aggregator.stitching;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.slidestream.core.events.SlideManifest;

import java.time.Instant;

/**
 * What the aggregator keeps about one slide besides its score chunks: one JSON value per slide in the
 * {@code slides} state store. Changed only by {@link SlideLedger}.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public final class SlideRecord {
    String slideId;
    Instant firstSeenAt;
    SlideLifecycle lifecycle;
    /** Null until the manifest arrives. */
    SlideManifest manifest;
    int patchesScored;
    /** Patches that could not be read and have no score (yet); 0 in records written before it existed. */
    int patchesFailed;
    /** The first failed patch, {@code cell (col, row): reason}; null while none failed. */
    String firstFailure;
    int duplicateScores;
    int tumourPatches;
    /** Null until a score arrives. */
    Float maxScore;
    /** The model of the first scores; null until a score batch arrives. */
    String modelId;
    /** That model's threshold, when its scores state it; null: the aggregator's own setting applies. */
    Double threshold;
    /**
     * Sub-cells each way of the probability maps kept with the scores, fixed by the run's first map; null while
     * no score came with one (a probability model's slide), and then left out of the stored record.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    Integer mapEdge;
    /** Event times of the first and the latest scores merged, for the rate and the ETA. */
    Instant firstScoredAt;
    Instant lastScoredAt;
    /** The slide verdict, once COMPLETE. */
    JsonNode verdict;
    /** Time of the latest event applied. */
    Instant updatedAt;

    /** For JSON. */
    private SlideRecord() {
    }

    SlideRecord(String slideId, Instant firstSeenAt) {
        this.slideId = slideId;
        this.firstSeenAt = firstSeenAt;
        this.lifecycle = new SlideLifecycle(firstSeenAt);
        this.updatedAt = firstSeenAt;
    }

    public String slideId() {
        return slideId;
    }

    public Instant firstSeenAt() {
        return firstSeenAt;
    }

    public SlideLifecycle lifecycle() {
        return lifecycle;
    }

    public SlideManifest manifest() {
        return manifest;
    }

    public int patchesScored() {
        return patchesScored;
    }

    public int patchesFailed() {
        return patchesFailed;
    }

    public String firstFailure() {
        return firstFailure;
    }

    public int duplicateScores() {
        return duplicateScores;
    }

    public int tumourPatches() {
        return tumourPatches;
    }

    public Float maxScore() {
        return maxScore;
    }

    public String modelId() {
        return modelId;
    }

    /** The threshold masks and verdicts use: the model's, or {@code configured} when its scores do not say. */
    public double threshold(double configured) {
        return threshold != null ? threshold : configured;
    }

    /** Sub-cells each way of the slide's probability maps; null for a slide scored without maps. */
    public Integer mapEdge() {
        return mapEdge;
    }

    public Instant firstScoredAt() {
        return firstScoredAt;
    }

    public Instant lastScoredAt() {
        return lastScoredAt;
    }

    public JsonNode verdict() {
        return verdict;
    }

    public void verdict(JsonNode verdict) {
        this.verdict = verdict;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
