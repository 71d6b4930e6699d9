package io.slidestream.inference.messaging;

import io.quarkus.runtime.StartupEvent;
import io.slidestream.core.events.Topics;
import io.slidestream.inference.service.BatchScorer;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The patch channels start paused and are resumed only when the model is loaded: without a model a worker
 * takes no batch (it would have to fail or dead-letter it), and its consumers keep their group membership
 * while readiness says why nothing is consumed.
 */
@ApplicationScoped
public class ModelGate {
    private static final Logger LOG = Logger.getLogger(ModelGate.class);
    private static final Duration WIRING = Duration.ofSeconds(60);

    private final BatchScorer scorer;
    private final ChannelRegistry registry;

    public ModelGate(BatchScorer scorer, ChannelRegistry registry) {
        this.scorer = scorer;
        this.registry = registry;
    }

    void open(@Observes StartupEvent started) {
        if (scorer.modelProblem().isPresent()) {
            return; // said once by the scorer; readiness reports it
        }
        // The channels are wired during start-up too: resume each as soon as it exists.
        Thread.ofVirtual().name("model-gate").start(() -> {
            for (String channel : List.of(Topics.PATCH_BATCHES_URGENT, Topics.PATCH_BATCHES)) {
                resumeWhenWired(channel);
            }
        });
    }

    private void resumeWhenWired(String channel) {
        Instant deadline = Instant.now().plus(WIRING);
        PausableChannel pausable;
        while ((pausable = registry.getPausable(channel)) == null) {
            if (Instant.now().isAfter(deadline)) {
                LOG.errorf("channel %s was not wired within %s: it stays paused", channel, WIRING);
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
        pausable.resume();
        LOG.infof("model %s loaded: consuming %s", scorer.modelId(), channel);
    }
}
