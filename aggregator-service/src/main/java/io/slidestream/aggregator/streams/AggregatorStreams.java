package io.slidestream.aggregator.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.slidestream.aggregator.config.AggregatorConfig;
import io.slidestream.aggregator.stitching.SlideCompletion;
import io.slidestream.aggregator.stitching.ScoreChunks;
import io.slidestream.aggregator.stitching.SlideRecord;
import io.slidestream.aggregator.stitching.SlideRecordJson;
import io.slidestream.core.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs the {@link SlideTopology} and answers interactive queries on its stores. Processing is exactly-once:
 * a score batch, the store changes it causes and the progress it publishes commit together, so a
 * {@code kill -9} at any moment replays from the last commit and ends where an uninterrupted run would.
 * Several instances with the same application id share the slides by partition; {@link #ownerOf} says which
 * instance holds a slide.
 */
@ApplicationScoped
public class AggregatorStreams {
    private final AggregatorConfig config;
    private final SlideCompletion completion;
    private final MeterRegistry metrics;
    private final String bootstrapServers;
    private final Map<String, Object> clientSecurity;
    private volatile KafkaStreams streams;
    private volatile KafkaStreamsMetrics metricsBinding;
    private volatile Thread starter;

    AggregatorStreams(AggregatorConfig config, SlideCompletion completion, MeterRegistry metrics,
                      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                      @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.config = config;
        this.completion = completion;
        this.metrics = metrics;
        this.bootstrapServers = bootstrapServers;
        this.clientSecurity = KafkaClientSecurity.of(kafkaConfig);
    }

    /** Where a slide's state lives: here, or at another instance's URL. */
    public sealed interface Owner permits Local, Remote {
    }

    public record Local() implements Owner {
    }

    public record Remote(URI baseUrl) implements Owner {
    }

    void start(@Observes StartupEvent started) {
        // The broker may not be up yet (all services start together): keep trying in the background;
        // readiness stays DOWN until the streams run.
        starter = Thread.ofVirtual().name("aggregator-streams-start").start(this::startWhenBrokerAnswers);
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (starter != null) {
            starter.interrupt();
        }
        KafkaStreams running = streams;
        if (running != null) {
            running.close(Duration.ofSeconds(10));
        }
        if (metricsBinding != null) {
            metricsBinding.close();
        }
    }

    private void startWhenBrokerAnswers() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                createTopics();
                KafkaStreams created = new KafkaStreams(
                        SlideTopology.build(config.tumourThreshold(), completion, metrics), properties());
                created.setUncaughtExceptionHandler(failure -> {
                    Log.errorf(failure, "aggregator stream thread failed; replacing it, it resumes from the last commit");
                    return StreamThreadExceptionResponse.REPLACE_THREAD;
                });
                created.start();
                // Kafka Streams' own metrics (process rates, commit latency, lag...) beside the service's.
                metricsBinding = new KafkaStreamsMetrics(created);
                metricsBinding.bindTo(metrics);
                streams = created;
                Log.infof("Kafka Streams application %s started (state in %s)", config.applicationId(), config.stateDir());
                return;
            } catch (RuntimeException | ExecutionException | TimeoutException e) {
                Log.warnf("Kafka Streams not started yet (%s%s); retrying",
                        e instanceof TimeoutException ? "the broker at " + bootstrapServers + " did not answer in 10 s" : e.getMessage(),
                        e.getCause() == null ? "" : ": " + e.getCause().getMessage());
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Inputs, outputs and dead-letter topics, with the broker's default partitions, where missing. */
    private void createTopics() throws ExecutionException, InterruptedException, TimeoutException {
        List<String> names = new ArrayList<>(SlideTopology.INPUTS);
        SlideTopology.INPUTS.forEach(topic -> names.add(Topics.deadLetter(topic)));
        names.add(SlideTopology.PROGRESS_TOPIC);
        Map<String, Object> adminConfig = new HashMap<>(clientSecurity);
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(adminConfig)) {
            var existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing = names.stream().filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, Optional.empty(), Optional.empty())).toList();
            try {
                if (!missing.isEmpty()) {
                    admin.createTopics(missing).all().get(10, TimeUnit.SECONDS);
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            requireCoPartitioned(admin);
        }
    }

    private static void requireCoPartitioned(Admin admin) throws ExecutionException, InterruptedException,
            TimeoutException {
        Map<String, Integer> partitions = new java.util.TreeMap<>();
        admin.describeTopics(SlideTopology.INPUTS).allTopicNames().get(10, TimeUnit.SECONDS)
                .forEach((name, description) -> partitions.put(name, description.partitions().size()));
        coPartitioningProblem(partitions).ifPresent(problem -> {
            throw new IllegalStateException(problem);
        });
    }

    /**
     * One slide's manifest, scores and status must meet in one task: the same key lands in the same
     * partition number only if the input topics have as many partitions.
     *
     * @return what is wrong and how to mend it, when the counts differ
     */
    static Optional<String> coPartitioningProblem(Map<String, Integer> partitionsByTopic) {
        if (partitionsByTopic.values().stream().distinct().count() <= 1) {
            return Optional.empty();
        }
        return Optional.of("the input topics must have equal partition counts, found " + new java.util.TreeMap<>(partitionsByTopic)
                + "; add partitions to the smaller ones (kafka-topics.sh --alter --partitions N) while no slide is in flight");
    }

    private Properties properties() {
        Properties p = new Properties();
        p.putAll(clientSecurity);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Progress becomes visible to readers (read_committed) at each commit: every second, and at once after a
        // state change or a slide's first scores (the processor asks for those commits).
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 16L * 1024 * 1024);
        // A killed instance's slides move to the others after 10 s without heartbeats, not the default 45 s.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 2_000);
        // Completing a slide renders its outputs inside the transaction: give it a minute, not the default 10 s.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 60_000);
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        config.instanceUrl().ifPresent(url -> {
            URI uri = URI.create(url);
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, uri.getHost() + ":" + port(uri));
        });
        return p;
    }

    /** The running streams, or {@link NotReadyException} while they start or rebalance. */
    private KafkaStreams running() {
        KafkaStreams current = streams;
        if (current == null || !(current.state() == KafkaStreams.State.RUNNING || current.state() == KafkaStreams.State.REBALANCING)) {
            throw new NotReadyException("the aggregator's state is not ready yet (Kafka Streams "
                    + (current == null ? "not started" : current.state()) + ")");
        }
        return current;
    }

    public boolean isRunning() {
        KafkaStreams current = streams;
        return current != null && current.state() == KafkaStreams.State.RUNNING;
    }

    /** Which instance holds the slide's state. */
    public Owner ownerOf(String slideId) {
        KafkaStreams current = running();
        if (config.instanceUrl().isEmpty()) {
            return new Local();
        }
        KeyQueryMetadata metadata = current.queryMetadataForKey(StoreNames.SLIDES, slideId, new StringSerializer());
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new NotReadyException("no instance holds slide " + slideId + " right now (rebalancing)");
        }
        return isSelf(metadata.activeHost()) ? new Local() : new Remote(urlOf(metadata.activeHost()));
    }

    /** The other instances of this application, for questions about every slide. */
    public List<URI> otherInstances() {
        if (config.instanceUrl().isEmpty()) {
            return List.of();
        }
        return running().metadataForAllStreamsClients().stream().map(StreamsMetadata::hostInfo)
                .filter(host -> !isSelf(host)).map(AggregatorStreams::urlOf).distinct().toList();
    }

    public Optional<SlideRecord> localSlide(String slideId) {
        return whileReady(() -> Optional.ofNullable(SlideRecordJson.read(slideStore().get(slideId))));
    }

    public List<SlideRecord> localSlides() {
        return whileReady(() -> {
            List<SlideRecord> all = new ArrayList<>();
            try (KeyValueIterator<String, String> slides = slideStore().all()) {
                slides.forEachRemaining(entry -> all.add(SlideRecordJson.read(entry.value)));
            }
            return all;
        });
    }

    /** The slide's scores, row-major, NaN off tissue; null before its manifest. */
    public float[] localScores(SlideRecord slide) {
        if (slide.manifest() == null) {
            return null;
        }
        ScoreChunks chunks = ScoreChunks.of(slide.manifest().grid());
        return whileReady(() -> chunks.read(new StoredCells(store(StoreNames.SCORE_CHUNKS)), slide.slideId()));
    }

    /**
     * The slide's sub-cell raster (see {@link io.slidestream.aggregator.stitching.SlideLedger#subCellScores}); null
     * for a slide without probability maps.
     *
     * @param scores its scores, as {@link #localScores} gives them
     */
    public float[] localSubCellScores(SlideRecord slide, float[] scores) {
        if (slide.manifest() == null || slide.mapEdge() == null) {
            return null;
        }
        ScoreChunks chunks = ScoreChunks.of(slide.manifest().grid());
        return whileReady(() -> chunks.readSubCells(new StoredMaps(store(StoreNames.SCORE_MAPS)), slide.slideId(),
                scores, slide.mapEdge()));
    }

    /** A store read; stores close while partitions move, which the caller hears as "not ready, retry". */
    private static <T> T whileReady(Supplier<T> read) {
        try {
            return read.get();
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException("the aggregator's state is being restored or moved (" + e.getMessage() + ")");
        }
    }

    private ReadOnlyKeyValueStore<String, String> slideStore() {
        return store(StoreNames.SLIDES);
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return running().store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
    }

    private boolean isSelf(HostInfo host) {
        URI self = URI.create(config.instanceUrl().orElseThrow());
        return host.host().equals(self.getHost()) && host.port() == port(self);
    }

    private static URI urlOf(HostInfo host) {
        return URI.create("http://" + host.host() + ":" + host.port());
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
    }

    /** A question that cannot be answered while the streams start or partitions move; the client may retry. */
    public static class NotReadyException extends RuntimeException {
        public NotReadyException(String message) {
            super(message);
        }
    }
}
