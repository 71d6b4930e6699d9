package io.slidestream.aggregator.service;

import io.slidestream.core.events.SlideState;

import java.time.Instant;

/** A line of the slide list; {@code firstSeenAt} orders it, newest first. */
public record SlideSummary(String slideId, SlideState status, Integer patchesTotal, int patchesScored,
                           int tumourPatches, Instant firstSeenAt) {
}
