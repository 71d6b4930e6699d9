package io.slidestream.aggregator.stitching;

import io.slidestream.core.events.ScoreBatch;

import java.util.List;

/** Score batches that came before their slide's manifest, kept until it arrives. */
public interface PendingScores {

    /** @param sequence orders the batches of one slide (the record's offset) */
    void add(String slideId, long sequence, ScoreBatch batch);

    /** The slide's waiting batches in arrival order, removed. */
    List<ScoreBatch> drain(String slideId);
}
