package io.slidestream.tiler.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.SlideDescription;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.events.Topics;
import io.slidestream.tiler.messaging.TopicFollower;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which file each planned slide is, and its pyramid, for serving its tiles: read from the slide-manifests
 * topic from its beginning (a {@link TopicFollower}, as {@link SlideRegistry} does), so a
 * slide planned before a restart, or by another tiler instance, is found too; this instance's own
 * manifests are remembered at once. A manifest exists only for a slide whose isolated inspection opened
 * and read every level, and it carries the slide reference (below a slide root, never a host path).
 */
@ApplicationScoped
public class SlideCatalogue {

    /** A planned slide: its reference inside the slide roots and its geometry. */
    public record Entry(String slideRef, SlideDescription slide) {
    }

    private final Map<String, Entry> slides = new ConcurrentHashMap<>();
    private final TopicFollower follower;

    public SlideCatalogue(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.follower = new TopicFollower(Topics.SLIDE_MANIFESTS, bootstrapServers, this::apply, "slides planned before are not viewable");
    }

    void start(@Observes StartupEvent event) {
        follower.start();
    }

    void stop(@Observes ShutdownEvent event) {
        follower.stop();
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

    private void apply(String json) {
        try {
            remember(EventJson.read(json, SlideManifest.class));
        } catch (EventJson.MalformedEventException ignored) {
            // Not ours to judge: the aggregator dead-letters malformed manifests.
        }
    }
}
