package io.slidestream.aggregator.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.slidestream.core.events.SlideState;

import java.time.Instant;

/**
 * A line of the slide list, and what the live event streams carry. {@code slideRef} and {@code patchesTotal}
 * are null until the manifest arrives, {@code etaSeconds} while there is no scoring rate yet, {@code verdict}
 * until the slide is COMPLETE.
 *
 * @param patchesFailed patches that could not be read, so have no score (unless a later delivery scores them)
 * @param progress    (patchesScored + patchesFailed) / patchesTotal, 0 before the manifest
 * @param firstSeenAt orders the list, newest first
 */
public record SlideSummary(String slideId, String slideRef, SlideState state, String reason, Integer patchesTotal,
                           int patchesScored, int patchesFailed, double progress, Double etaSeconds, Instant updatedAt,
                           JsonNode verdict, Instant firstSeenAt) {
}
