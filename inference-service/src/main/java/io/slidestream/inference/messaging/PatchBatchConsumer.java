package io.slidestream.inference.messaging;

import io.micrometer.core.instrument.Timer;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.SlideStatus;
import io.slidestream.core.events.Topics;
import io.slidestream.core.slide.SlideException;
import io.slidestream.core.slide.SlidePathException;
import io.slidestream.inference.config.InferenceConfig;
import io.slidestream.inference.service.BatchRefusedException;
import io.slidestream.inference.service.BatchScorer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionException;

/**
 * Hands each patch batch to the scoring pipeline and publishes its scores, keyed by slide id (the record key
 * is propagated). Up to {@code batches-in-flight} batches per channel are in hand at once, so the pipeline
 * can fill model batches from several of them; beyond that no record is requested, the connector's buffer
 * fills and it pauses its partitions (backpressure without leaving the consumer group: the poll loop goes
 * on, so a slow batch never exceeds max.poll.interval.ms). A batch is acknowledged only once its scores are
 * acknowledged by the broker, and the throttled commit strategy commits an offset only when every batch
 * before it is acknowledged: a restart redoes at most the batches in hand.
 *
 * <p>Urgent batches come on their own topic, go ahead of routine ones in the pipeline's read queue, and hold
 * the routine channel paused while they are in hand. A batch whose slide cannot be opened (it vanished, it
 * is no slide) or that was planned for another model publishes the slide as FAILED with the reason and no
 * scores; patches that cannot be read travel as failed patches in the score batch; a record that is not a
 * patch batch goes to the dead-letter topic with the reason, and the partition moves on.
 */
@ApplicationScoped
public class PatchBatchConsumer {
    private static final Logger LOG = Logger.getLogger(PatchBatchConsumer.class);
    static final String SOURCE = "inference-service";

    private final BatchScorer scorer;
    private final UrgentFirst urgentFirst;
    private final InferenceMetrics metrics;
    private final MutinyEmitter<SlideStatus> statuses;
    private final int inFlight;

    public PatchBatchConsumer(BatchScorer scorer, UrgentFirst urgentFirst, InferenceMetrics metrics,
                              @Channel(Topics.SLIDE_STATUS) MutinyEmitter<SlideStatus> statuses, InferenceConfig config) {
        this.scorer = scorer;
        this.urgentFirst = urgentFirst;
        this.metrics = metrics;
        this.statuses = statuses;
        this.inFlight = config.batchesInFlight();
    }

    @Incoming(Topics.PATCH_BATCHES_URGENT)
    @Outgoing(Topics.SCORE_BATCHES)
    public Multi<Message<ScoreBatch>> scoreUrgent(Multi<Message<String>> records) {
        return records.onItem().transformToUni(record -> {
            urgentFirst.urgentStarted();
            return score(record).onTermination().invoke(urgentFirst::urgentFinished);
        }).merge(inFlight);
    }

    @Incoming(Topics.PATCH_BATCHES)
    @Outgoing(Topics.SCORE_BATCHES)
    public Multi<Message<ScoreBatch>> scoreRoutine(Multi<Message<String>> records) {
        return records.onItem().transformToUni(this::score).merge(inFlight);
    }

    /** The record's scores as a message carrying its acknowledgement; no item when there is nothing to publish. */
    private Uni<Message<ScoreBatch>> score(Message<String> record) {
        PatchBatch batch;
        try {
            batch = EventJson.read(record.getPayload(), PatchBatch.class);
        } catch (RuntimeException malformed) {
            metrics.batch("dead-lettered");
            return Uni.createFrom().completionStage(record.nack(malformed)).replaceWith(Uni.createFrom().nullItem());
        }
        Timer.Sample timing = metrics.start();
        return Uni.createFrom().completionStage(() -> scorer.score(batch))
                .onItem().transform(scores -> {
                    metrics.done(timing);
                    metrics.batch(scores.failed().isEmpty() ? "scored" : "partly-failed");
                    if (!scores.failed().isEmpty()) {
                        LOG.warnf("slide %s batch %d: %d patch(es) could not be read, e.g. %s", batch.slideId(),
                                batch.batchIndex(), scores.failed().size(), scores.failed().getFirst().reason());
                    }
                    return record.withPayload(scores);
                })
                .onFailure().recoverWithUni(e -> failed(record, batch, unwrap(e)));
    }

    /**
     * Publishes the slide as FAILED when the batch cannot be scored at all, then acknowledges it; an
     * unexpected error (the model failed) nacks it, which dead-letters it with the reason.
     */
    private Uni<Message<ScoreBatch>> failed(Message<String> record, PatchBatch batch, Throwable e) {
        String reason;
        String outcome;
        if (e instanceof SlideException slide) {
            reason = slide.messageNaming(batch.slideRef());
            outcome = "failed";
        } else if (e instanceof SlidePathException || e instanceof BatchRefusedException) {
            reason = e.getMessage();
            outcome = e instanceof BatchRefusedException ? "refused" : "failed";
        } else {
            metrics.batch("dead-lettered");
            LOG.errorf(e, "slide %s batch %d not scored", batch.slideId(), batch.batchIndex());
            return Uni.createFrom().completionStage(record.nack(e)).replaceWith(Uni.createFrom().nullItem());
        }
        metrics.batch(outcome);
        LOG.warnf("slide %s batch %d not scored: %s", batch.slideId(), batch.batchIndex(), reason);
        Message<SlideStatus> status = Message.of(SlideStatus.failed(batch.slideId(), reason, SOURCE))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(batch.slideId()).build());
        return statuses.sendMessage(status)
                .chain(() -> Uni.createFrom().completionStage(record.ack()))
                .replaceWith(Uni.createFrom().nullItem());
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
