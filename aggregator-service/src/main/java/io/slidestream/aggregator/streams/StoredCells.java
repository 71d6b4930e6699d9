package io.slidestream.aggregator.streams;

import io.slidestream.aggregator.stitching.CellStore;
import io.slidestream.aggregator.stitching.ScoreChunks;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.KeyValueStore;

/** Score chunks in a Kafka Streams key-value store. Read-only stores (interactive queries) refuse writes. */
final class StoredCells implements CellStore {
    private final ReadOnlyKeyValueStore<String, byte[]> store;

    StoredCells(ReadOnlyKeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    @Override
    public float[] get(String slideId, int chunk) {
        byte[] bytes = store.get(StoreNames.chunkKey(slideId, chunk));
        return bytes == null ? null : ScoreChunks.decode(bytes);
    }

    @Override
    public void put(String slideId, int chunk, float[] cells) {
        writable().put(StoreNames.chunkKey(slideId, chunk), ScoreChunks.encode(cells));
    }

    @Override
    public void delete(String slideId, int chunk) {
        writable().delete(StoreNames.chunkKey(slideId, chunk));
    }

    private KeyValueStore<String, byte[]> writable() {
        if (store instanceof KeyValueStore<String, byte[]> writable) {
            return writable;
        }
        throw new IllegalStateException("score chunks are read-only outside the stream processor");
    }
}
