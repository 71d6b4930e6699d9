package io.slidestream.aggregator.streams;

import io.slidestream.aggregator.stitching.MapChunk;
import io.slidestream.aggregator.stitching.MapStore;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Probability-map chunks in a Kafka Streams key-value store, keyed as the score chunks are. Read-only stores refuse writes. */
final class StoredMaps implements MapStore {
    private final ReadOnlyKeyValueStore<String, byte[]> store;

    StoredMaps(ReadOnlyKeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    @Override
    public MapChunk get(String slideId, int chunk) {
        byte[] bytes = store.get(StoreNames.chunkKey(slideId, chunk));
        return bytes == null ? null : MapChunk.decode(bytes);
    }

    @Override
    public void put(String slideId, int chunk, MapChunk maps) {
        writable().put(StoreNames.chunkKey(slideId, chunk), maps.encode());
    }

    @Override
    public void delete(String slideId, int chunk) {
        writable().delete(StoreNames.chunkKey(slideId, chunk));
    }

    private KeyValueStore<String, byte[]> writable() {
        if (store instanceof KeyValueStore<String, byte[]> writable) {
            return writable;
        }
        throw new IllegalStateException("probability maps are read-only outside the stream processor");
    }
}
