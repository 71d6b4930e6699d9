package io.slidestream.tiler.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.SlideState;
import io.slidestream.core.events.SlideStatus;
import io.slidestream.core.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which slides the system already knows, and their latest state, so that a slide submitted again is not
 * analysed again. Read from the slide-status topic (every service publishes there) from its beginning,
 * by a consumer of its own without a group, so every tiler instance sees every slide; this instance's own
 * submissions are remembered at once.
 */
@ApplicationScoped
public class SlideRegistry {
    private static final Logger LOG = Logger.getLogger(SlideRegistry.class);

    private final Map<String, SlideState> states = new ConcurrentHashMap<>();
    private final String bootstrapServers;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread reader;

    public SlideRegistry(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent event) {
        reader = Thread.ofPlatform().daemon().name("slide-registry").start(this::follow);
    }

    void stop(@Observes ShutdownEvent event) {
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** The latest state the system published for this slide, if it knows the slide. */
    public Optional<SlideState> stateOf(String slideId) {
        return Optional.ofNullable(states.get(slideId));
    }

    /** Records a state this instance is about to publish, so a second request right after sees it. */
    public void remember(String slideId, SlideState state) {
        states.merge(slideId, state, SlideRegistry::later);
    }

    /** Final states stay; otherwise the newest event wins, as it does on the topic. */
    private static SlideState later(SlideState known, SlideState incoming) {
        return known.isFinal() && !incoming.isFinal() ? known : incoming;
    }

    private void follow() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "tiler-slide-registry");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer = c;
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty()) {
                partitions = c.partitionsFor(Topics.SLIDE_STATUS, Duration.ofSeconds(10)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                if (partitions.isEmpty()) {
                    Thread.sleep(1000); // the topic appears with the first status
                }
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            while (true) {
                for (ConsumerRecord<String, String> record : c.poll(Duration.ofMillis(500))) {
                    apply(record.value());
                }
            }
        } catch (WakeupException | InterruptedException stopping) {
            LOG.debug("slide registry stopped");
        } catch (RuntimeException e) {
            LOG.errorf(e, "slide registry stopped reading %s: resubmitted slides may be analysed again", Topics.SLIDE_STATUS);
        }
    }

    private void apply(String json) {
        try {
            SlideStatus status = EventJson.read(json, SlideStatus.class);
            if (status.slideId() != null && status.state() != null) {
                // A forced re-analysis publishes QUEUED/TILING after a final state: the topic order is the truth.
                states.put(status.slideId(), status.state());
            }
        } catch (EventJson.MalformedEventException ignored) {
            // Not ours to judge: the aggregator dead-letters malformed statuses.
        }
    }
}
