package io.slidestream.aggregator.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.slidestream.aggregator.stitching.SlideCompletion;
import io.slidestream.core.events.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import java.util.List;

/**
 * The aggregator as a Kafka Streams topology: the three input topics (all keyed by slide id, so one slide's
 * events meet in one task) feed one processor that owns four changelogged stores; it publishes live
 * progress and dead letters.
 */
public final class SlideTopology {
    /** SlideSummary JSON, keyed by slide id: what the live event streams show. */
    public static final String PROGRESS_TOPIC = "slide-progress";
    public static final List<String> INPUTS = List.of(Topics.SLIDE_MANIFESTS, Topics.SCORE_BATCHES, Topics.SLIDE_STATUS);

    static final String SOURCE = "slide-events";
    static final String PROCESSOR = "slides";
    static final String PROGRESS = "progress";
    static final String DEAD_LETTERS = "dead-letters";

    private SlideTopology() {
    }

    public static Topology build(double threshold, SlideCompletion completion, MeterRegistry metrics) {
        Topology topology = new Topology();
        topology.addSource(SOURCE, new StringDeserializer(), new StringDeserializer(), INPUTS.toArray(String[]::new));
        topology.addProcessor(PROCESSOR, () -> new SlideEventProcessor(threshold, completion, metrics), SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.SLIDES), Serdes.String(), Serdes.String()), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.SCORE_CHUNKS), Serdes.String(), Serdes.ByteArray()), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.SCORE_MAPS), Serdes.String(), Serdes.ByteArray()), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.PENDING_SCORES), Serdes.String(), Serdes.String()), PROCESSOR);
        topology.addSink(PROGRESS, PROGRESS_TOPIC, new StringSerializer(), new StringSerializer(), PROCESSOR);
        topology.addSink(DEAD_LETTERS, (key, value, context) -> Topics.deadLetter(context.topic()),
                new StringSerializer(), new StringSerializer(), PROCESSOR);
        return topology;
    }
}
