package io.slidestream.tiler.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.SlideState;
import io.slidestream.core.events.SlideStatus;
import io.slidestream.core.events.Topics;
import io.slidestream.tiler.messaging.TopicFollower;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which slides the system already knows, and their latest state, so that a slide submitted again is not
 * analysed again. Read from the slide-status topic (every service publishes there) from its beginning,
 * by a consumer of its own without a group, so every tiler instance sees every slide; this instance's own
 * submissions are remembered at once.
 */
@ApplicationScoped
public class SlideRegistry {

    private final Map<String, SlideState> states = new ConcurrentHashMap<>();
    private final TopicFollower follower;

    public SlideRegistry(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.follower = new TopicFollower(Topics.SLIDE_STATUS, bootstrapServers, this::apply, "resubmitted slides may be analysed again");
    }

    void start(@Observes StartupEvent event) {
        follower.start();
    }

    void stop(@Observes ShutdownEvent event) {
        follower.stop();
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
