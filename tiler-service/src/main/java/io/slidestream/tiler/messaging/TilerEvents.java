package io.slidestream.tiler.messaging;

import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.events.SlideReady;
import io.slidestream.core.events.SlideState;
import io.slidestream.core.events.SlideStatus;
import io.slidestream.core.events.Topics;
import io.slidestream.tiler.service.TilingPlan;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the tiler publishes. Each record is keyed by slide id (one slide's events stay ordered in
 * one partition) and every send waits for the broker's ack, so a slide-ready event is acknowledged only
 * once its manifest and all its patch batches are safely in Kafka.
 */
@ApplicationScoped
public class TilerEvents {
    static final String SOURCE = "tiler-service";
    /** Outgoing channel to {@link Topics#SLIDE_READY}; the incoming channel of that topic has the topic's name. */
    public static final String SLIDE_READY_OUT = "slide-ready-out";
    /** Batches in flight at once while publishing one slide: bounds memory, keeps the producer busy. */
    static final int IN_FLIGHT = 256;
    static final Duration ACK_TIMEOUT = Duration.ofMinutes(2);

    private final MutinyEmitter<SlideReady> slideReady;
    private final MutinyEmitter<SlideManifest> manifests;
    private final MutinyEmitter<PatchBatch> patchBatches;
    private final MutinyEmitter<SlideStatus> statuses;

    public TilerEvents(@Channel(SLIDE_READY_OUT) MutinyEmitter<SlideReady> slideReady,
                       @Channel(Topics.SLIDE_MANIFESTS) MutinyEmitter<SlideManifest> manifests,
                       @Channel(Topics.PATCH_BATCHES) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = IN_FLIGHT)
                       MutinyEmitter<PatchBatch> patchBatches,
                       @Channel(Topics.SLIDE_STATUS) MutinyEmitter<SlideStatus> statuses) {
        this.slideReady = slideReady;
        this.manifests = manifests;
        this.patchBatches = patchBatches;
        this.statuses = statuses;
    }

    public void slideReady(SlideReady event) {
        send(slideReady, event.slideId(), event).await().atMost(ACK_TIMEOUT);
    }

    public void status(String slideId, SlideState state) {
        send(statuses, slideId, SlideStatus.of(slideId, state, SOURCE)).await().atMost(ACK_TIMEOUT);
    }

    public void failed(String slideId, String reason) {
        send(statuses, slideId, SlideStatus.failed(slideId, reason, SOURCE)).await().atMost(ACK_TIMEOUT);
    }

    public void plan(TilingPlan plan) {
        String slideId = plan.manifest().slideId();
        send(manifests, slideId, plan.manifest()).await().atMost(ACK_TIMEOUT);
        List<Uni<Void>> inFlight = new ArrayList<>(IN_FLIGHT);
        for (PatchBatch batch : plan.batches()) {
            inFlight.add(send(patchBatches, slideId, batch));
            if (inFlight.size() == IN_FLIGHT) {
                awaitAll(inFlight);
            }
        }
        awaitAll(inFlight);
    }

    private static void awaitAll(List<Uni<Void>> inFlight) {
        if (!inFlight.isEmpty()) {
            Uni.join().all(inFlight).andFailFast().await().atMost(ACK_TIMEOUT);
            inFlight.clear();
        }
    }

    private static <T> Uni<Void> send(MutinyEmitter<T> emitter, String key, T payload) {
        Message<T> message = Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
        return emitter.sendMessage(message);
    }
}
