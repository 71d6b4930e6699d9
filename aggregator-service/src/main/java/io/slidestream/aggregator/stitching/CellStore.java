package io.slidestream.aggregator.stitching;

/** Where the score chunks of slides are kept (a changelogged state store; a map in unit tests). */
public interface CellStore {

    /**
     * The chunk's cells (NaN where unscored, {@link ScoreChunks#FAILED} where the patch could not be read), or
     * null when nothing of it was ever recorded.
     */
    float[] get(String slideId, int chunk);

    void put(String slideId, int chunk, float[] cells);

    void delete(String slideId, int chunk);
}
