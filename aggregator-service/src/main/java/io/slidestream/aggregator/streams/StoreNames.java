package io.slidestream.aggregator.streams;

/** The aggregator's state stores; each is backed by a changelog topic {@code <application.id>-<name>-changelog}. */
public final class StoreNames {
    /** Slide id → {@link io.slidestream.aggregator.stitching.SlideRecord} as JSON. */
    public static final String SLIDES = "slides";
    /** {@code <slide id>/<chunk>} → 32×32 scores, see {@link io.slidestream.aggregator.stitching.ScoreChunks}. */
    public static final String SCORE_CHUNKS = "score-chunks";
    /**
     * {@code <slide id>/<chunk>} → the probability maps of the chunk's cells, see
     * {@link io.slidestream.aggregator.stitching.MapChunk}; only for slides scored by a probability-map model.
     */
    public static final String SCORE_MAPS = "score-maps";
    /** {@code <slide id>/<offset>} → a ScoreBatch that came before its manifest. */
    public static final String PENDING_SCORES = "pending-scores";

    private StoreNames() {
    }

    /** Key of one score chunk; zero-padded so a slide's chunks sort in order under its prefix. */
    static String chunkKey(String slideId, int chunk) {
        return slideId + "/" + String.format("%07d", chunk);
    }

    static String pendingKey(String slideId, long sequence) {
        return slideId + "/" + String.format("%019d", sequence);
    }

    static String prefixOf(String slideId) {
        return slideId + "/";
    }
}
