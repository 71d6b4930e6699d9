package io.slidestream.tiler.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.SlideDescription;
import io.slidestream.core.events.SlideManifest;
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
 * Which file each planned slide is, and its pyramid, for serving its tiles: read from the slide-manifests
 * topic from its beginning (a consumer of its own, without a group, as {@link SlideRegistry} does), so a
 * slide planned before a restart, or by another tiler instance, is found too; this instance's own
 * manifests are remembered at once. A manifest exists only for a slide whose isolated inspection opened
 * and read every level, and it carries the slide reference (below a slide root, never a host path).
 */
@ApplicationScoped
public class SlideCatalogue {
    private static final Logger LOG = Logger.getLogger(SlideCatalogue.class);

    /** A planned slide: its reference inside the slide roots and its geometry. */
    public record Entry(String slideRef, SlideDescription slide) {
    }

    private final Map<String, Entry> slides = new ConcurrentHashMap<>();
    private final String bootstrapServers;
    private volatile KafkaConsumer<String, String> consumer;

    public SlideCatalogue(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent event) {
        Thread.ofPlatform().daemon().name("slide-catalogue").start(this::follow);
    }

    void stop(@Observes ShutdownEvent event) {
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    public Optional<Entry> find(String slideId) {
        return Optional.ofNullable(slides.get(slideId));
    }

    /** Records a manifest this instance published. The newest manifest of a slide wins (a forced re-analysis). */
    public void remember(SlideManifest manifest) {
        if (manifest.slideId() != null && manifest.slideRef() != null && manifest.slide() != null) {
            slides.put(manifest.slideId(), new Entry(manifest.slideRef(), manifest.slide()));
        }
    }

    private void follow() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "tiler-slide-catalogue");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer = c;
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty()) {
                partitions = c.partitionsFor(Topics.SLIDE_MANIFESTS, Duration.ofSeconds(10)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                if (partitions.isEmpty()) {
                    Thread.sleep(1000); // the topic appears with the first manifest
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
            LOG.debug("slide catalogue stopped");
        } catch (RuntimeException e) {
            LOG.errorf(e, "slide catalogue stopped reading %s: slides planned before are not viewable", Topics.SLIDE_MANIFESTS);
        }
    }

    private void apply(String json) {
        try {
            remember(EventJson.read(json, SlideManifest.class));
        } catch (EventJson.MalformedEventException ignored) {
            // Not ours to judge: the aggregator dead-letters malformed manifests.
        }
    }
}
