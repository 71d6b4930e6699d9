package io.slidestream.aggregator.streams;

import io.slidestream.aggregator.stitching.PendingScores;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.ScoreBatch;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.List;

/** Early score batches in a Kafka Streams key-value store, under the slide's key prefix. */
final class StoredPendingScores implements PendingScores {
    private final KeyValueStore<String, String> store;

    StoredPendingScores(KeyValueStore<String, String> store) {
        this.store = store;
    }

    @Override
    public void add(String slideId, long sequence, ScoreBatch batch) {
        store.put(StoreNames.pendingKey(slideId, sequence), EventJson.write(batch));
    }

    @Override
    public List<ScoreBatch> drain(String slideId) {
        List<String> keys = new ArrayList<>();
        List<ScoreBatch> batches = new ArrayList<>();
        try (KeyValueIterator<String, String> waiting = store.prefixScan(StoreNames.prefixOf(slideId), new StringSerializer())) {
            while (waiting.hasNext()) {
                KeyValue<String, String> entry = waiting.next();
                keys.add(entry.key);
                batches.add(EventJson.read(entry.value, ScoreBatch.class));
            }
        }
        keys.forEach(store::delete);
        return batches;
    }
}
