package io.slidestream.aggregator.stitching;

/** Where the score chunks of slides are kept (a changelogged state store; a map in unit tests). */
public interface CellStore {

    /** The chunk's cells (NaN where unscored), or null when nothing of it was ever scored. */
    float[] get(String slideId, int chunk);

    void put(String slideId, int chunk, float[] cells);

    void delete(String slideId, int chunk);
}
