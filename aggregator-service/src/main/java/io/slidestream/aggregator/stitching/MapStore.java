package io.slidestream.aggregator.stitching;

/** Where the probability maps of slides' cells are kept, chunk by chunk beside their scores (see {@link MapChunk}). */
public interface MapStore {

    /** For a ledger that keeps one score per patch only: it refuses score batches with probability maps. */
    MapStore NONE = new MapStore() {
        @Override
        public boolean keepsMaps() {
            return false;
        }

        @Override
        public MapChunk get(String slideId, int chunk) {
            return null;
        }

        @Override
        public void put(String slideId, int chunk, MapChunk maps) {
            throw new IllegalStateException("slide " + slideId + ": no store for probability maps");
        }

        @Override
        public void delete(String slideId, int chunk) {
            // nothing kept
        }
    };

    /** Whether maps can be kept here; a ledger refuses them up front where not. */
    default boolean keepsMaps() {
        return true;
    }

    /** The maps of the chunk's cells, or null when none of them has one. */
    MapChunk get(String slideId, int chunk);

    void put(String slideId, int chunk, MapChunk maps);

    void delete(String slideId, int chunk);
}
