package io.slidestream.core.events;

/** Where a slide is in the pipeline; the aggregator reports it over REST. */
public enum SlideState {
    /** Accepted, waiting for the tiler. */
    QUEUED,
    /** The tiler is finding tissue and laying the grid. */
    TILING,
    /** Patches are out; scores are coming in. */
    SCORING,
    /** Every patch of the manifest has a score. */
    COMPLETE,
    /** Could not be analysed; the status carries the reason. */
    FAILED;

    public boolean isFinal() {
        return this == COMPLETE || this == FAILED;
    }
}
