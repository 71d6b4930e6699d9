package io.slidestream.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;

/**
 * How one slide of an {@code analyze} run ended. {@code state} is COMPLETE only when the aggregator completed
 * the slide and every output was written; otherwise FAILED and {@code reason} says why (the tiler's answer,
 * the aggregator's reason, or the output that could not be fetched). {@code summary} is the aggregator's last
 * view of the slide (null when it never heard of it). {@code groundTruth} is the mask's agreement with a
 * generated slide's ground truth ({@link GridAgreement#toJson}, plus the truth's lesions and tumour area), null
 * for slides without one.
 */
record SlideResult(Path file, String slideId, String state, String reason, String verdictCategory,
                   JsonNode summary, double seconds, Path outputFolder, ObjectNode groundTruth) {

    SlideResult(Path file, String slideId, String state, String reason, String verdictCategory, JsonNode summary,
                double seconds, Path outputFolder) {
        this(file, slideId, state, reason, verdictCategory, summary, seconds, outputFolder, null);
    }

    static final String COMPLETE = "COMPLETE";
    static final String FAILED = "FAILED";

    static SlideResult refused(Path file, String reason, Path outputFolder) {
        return new SlideResult(file, null, FAILED, reason, null, null, 0, outputFolder);
    }

    boolean complete() {
        return COMPLETE.equals(state);
    }

    /** The aggregator's state of a SlideSummary (its "state" field); null when it has none. */
    static String stateOf(JsonNode summary) {
        if (summary == null) {
            return null;
        }
        JsonNode state = summary.path("state");
        return state.isMissingNode() || state.isNull() ? null : state.asText();
    }
}
