package io.slidestream.aggregator.store;

import io.slidestream.aggregator.stitching.SlideProgress;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the slides' progress lives. Changes to one slide are serialised; different slides change in
 * parallel. The seam for a store that survives restarts and is shared by several aggregator instances.
 */
public interface SlideStore {

    /**
     * Applies {@code change} to the slide, creating it when first seen.
     *
     * @param eventTime when the event that causes the change happened: a new slide is QUEUED from then
     */
    <T> T update(String slideId, Instant eventTime, Function<SlideProgress, T> change);

    /** Reads the slide consistently; empty when it is unknown. */
    <T> Optional<T> read(String slideId, Function<SlideProgress, T> reader);

    /** Reads every slide, each consistently. */
    <T> List<T> readAll(Function<SlideProgress, T> reader);
}
