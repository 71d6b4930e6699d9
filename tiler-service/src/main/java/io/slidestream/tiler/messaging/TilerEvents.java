package io.slidestream.tiler.messaging;

import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.Priority;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.events.SlideReady;
import io.slidestream.core.events.SlideState;
import io.slidestream.core.events.SlideStatus;
import io.slidestream.core.events.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.time.Duration;

/**
 * Everything the tiler publishes. Each record is keyed by slide id (one slide's events stay ordered in
 * one partition); status, manifest and slide-ready sends wait for the broker's ack, patch batches are
 * sent by the {@link BatchPublisher}, which awaits their acks per round.
 */
@ApplicationScoped
public class TilerEvents {
    static final String SOURCE = "tiler-service";
    /** Outgoing channel to {@link Topics#SLIDE_READY}; the incoming channel of that topic has the topic's name. */
    public static final String SLIDE_READY_OUT = "slide-ready-out";
    /** Batches that may wait in an emitter at once: a publisher round never sends more. */
    static final int EMITTER_BUFFER = 4096;
    static final Duration ACK_TIMEOUT = Duration.ofMinutes(2);

    private final MutinyEmitter<SlideReady> slideReady;
    private final MutinyEmitter<SlideManifest> manifests;
    private final MutinyEmitter<PatchBatch> routineBatches;
    private final MutinyEmitter<PatchBatch> urgentBatches;
    private final MutinyEmitter<SlideStatus> statuses;

    public TilerEvents(@Channel(SLIDE_READY_OUT) MutinyEmitter<SlideReady> slideReady,
                       @Channel(Topics.SLIDE_MANIFESTS) MutinyEmitter<SlideManifest> manifests,
                       @Channel(Topics.PATCH_BATCHES) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = EMITTER_BUFFER)
                       MutinyEmitter<PatchBatch> routineBatches,
                       @Channel(Topics.PATCH_BATCHES_URGENT) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = EMITTER_BUFFER)
                       MutinyEmitter<PatchBatch> urgentBatches,
                       @Channel(Topics.SLIDE_STATUS) MutinyEmitter<SlideStatus> statuses) {
        this.slideReady = slideReady;
        this.manifests = manifests;
        this.routineBatches = routineBatches;
        this.urgentBatches = urgentBatches;
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

    public void manifest(SlideManifest manifest) {
        send(manifests, manifest.slideId(), manifest).await().atMost(ACK_TIMEOUT);
    }

    /** Sends one batch to its priority's topic; the Uni completes with the broker's ack. */
    Uni<Void> batch(PatchBatch batch) {
        MutinyEmitter<PatchBatch> emitter = batch.priority() == Priority.URGENT ? urgentBatches : routineBatches;
        return send(emitter, batch.slideId(), batch);
    }

    private static <T> Uni<Void> send(MutinyEmitter<T> emitter, String key, T payload) {
        Message<T> message = Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
        return emitter.sendMessage(message);
    }
}
