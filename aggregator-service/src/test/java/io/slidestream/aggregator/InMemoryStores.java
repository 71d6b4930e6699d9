package io.slidestream.aggregator;

import io.slidestream.aggregator.stitching.CellStore;
import io.slidestream.aggregator.stitching.MapChunk;
import io.slidestream.aggregator.stitching.MapStore;
import io.slidestream.aggregator.stitching.PendingScores;
import io.slidestream.aggregator.stitching.SlideLedger;
import io.slidestream.core.events.ScoreBatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ledger's three stores as maps, what Kafka Streams' key-value stores are to it; map chunks are kept in
 * their stored (encoded) form, so what a test reads back went through the bytes a changelog holds.
 */
public final class InMemoryStores {
    private final Map<String, float[]> cells = new HashMap<>();
    private final Map<String, byte[]> maps = new HashMap<>();
    private final Map<String, TreeMap<Long, ScoreBatch>> waiting = new HashMap<>();

    /** A ledger on these stores. */
    public SlideLedger ledger(double threshold) {
        return new SlideLedger(cellStore(), mapStore(), pendingScores(), threshold);
    }

    /** Keys of the score chunks stored, {@code <slide>/<chunk>}, sorted. */
    public List<String> cellChunkKeys() {
        return List.copyOf(new TreeMap<>(cells).keySet());
    }

    /** Whether no score batch is waiting for its slide's manifest. */
    public boolean nothingWaiting() {
        return waiting.isEmpty();
    }

    /** Keys of the map chunks stored, {@code <slide>/<chunk>}, sorted. */
    public List<String> mapChunkKeys() {
        return List.copyOf(new TreeMap<>(maps).keySet());
    }

    public CellStore cellStore() {
        return new CellStore() {
            @Override
            public float[] get(String slideId, int chunk) {
                float[] stored = cells.get(slideId + "/" + chunk);
                return stored == null ? null : stored.clone();
            }

            @Override
            public void put(String slideId, int chunk, float[] values) {
                cells.put(slideId + "/" + chunk, values.clone());
            }

            @Override
            public void delete(String slideId, int chunk) {
                cells.remove(slideId + "/" + chunk);
            }
        };
    }

    public MapStore mapStore() {
        return new MapStore() {
            @Override
            public MapChunk get(String slideId, int chunk) {
                byte[] stored = maps.get(slideId + "/" + chunk);
                return stored == null ? null : MapChunk.decode(stored);
            }

            @Override
            public void put(String slideId, int chunk, MapChunk chunkMaps) {
                maps.put(slideId + "/" + chunk, chunkMaps.encode());
            }

            @Override
            public void delete(String slideId, int chunk) {
                maps.remove(slideId + "/" + chunk);
            }
        };
    }

    public PendingScores pendingScores() {
        return new PendingScores() {
            @Override
            public void add(String slideId, long sequence, ScoreBatch batch) {
                waiting.computeIfAbsent(slideId, id -> new TreeMap<>()).put(sequence, batch);
            }

            @Override
            public List<ScoreBatch> drain(String slideId) {
                TreeMap<Long, ScoreBatch> batches = waiting.remove(slideId);
                return batches == null ? List.of() : new ArrayList<>(batches.values());
            }
        };
    }
}
