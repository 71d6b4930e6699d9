package io.slidestream.inference.messaging;

import io.micrometer.core.instrument.Timer;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.SlideStatus;
import io.slidestream.core.events.Topics;
import io.slidestream.core.slide.SlideException;
import io.slidestream.core.slide.SlidePathException;
import io.slidestream.inference.service.BatchRefusedException;
import io.slidestream.inference.service.BatchScorer;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

/**
 * Scores each patch batch and publishes its scores, keyed by slide id (the record key is propagated).
 * The patch batch is acknowledged only after its scores are acknowledged by the broker. Urgent batches
 * come on their own topic and hold the routine one paused while they are being scored. A batch that
 * cannot be scored (unreadable pixels, a vanished file, planned for another model) publishes the slide
 * as FAILED with the reason and no scores; a record that is not a patch batch goes to the dead-letter
 * topic.
 */
@ApplicationScoped
public class PatchBatchConsumer {
    private static final Logger LOG = Logger.getLogger(PatchBatchConsumer.class);
    static final String SOURCE = "inference-service";

    private final BatchScorer scorer;
    private final UrgentFirst urgentFirst;
    private final InferenceMetrics metrics;
    private final MutinyEmitter<SlideStatus> statuses;

    public PatchBatchConsumer(BatchScorer scorer, UrgentFirst urgentFirst, InferenceMetrics metrics,
                              @Channel(Topics.SLIDE_STATUS) MutinyEmitter<SlideStatus> statuses) {
        this.scorer = scorer;
        this.urgentFirst = urgentFirst;
        this.metrics = metrics;
        this.statuses = statuses;
    }

    @Incoming(Topics.PATCH_BATCHES_URGENT)
    @Outgoing(Topics.SCORE_BATCHES)
    @Blocking(value = "inference", ordered = false)
    public ScoreBatch scoreUrgent(String record) {
        urgentFirst.urgentStarted();
        try {
            return score(record);
        } finally {
            urgentFirst.urgentFinished();
        }
    }

    @Incoming(Topics.PATCH_BATCHES)
    @Outgoing(Topics.SCORE_BATCHES)
    @Blocking(value = "inference", ordered = false)
    public ScoreBatch scoreRoutine(String record) {
        return score(record);
    }

    private ScoreBatch score(String record) {
        PatchBatch batch = EventJson.read(record, PatchBatch.class);
        Timer.Sample timing = metrics.start();
        try {
            ScoreBatch scores = scorer.score(batch);
            metrics.scored(timing, scores.scores().size());
            return scores;
        } catch (SlideException e) {
            return failed(batch, e.messageNaming(batch.slideRef()), "failed");
        } catch (SlidePathException e) {
            return failed(batch, e.getMessage(), "failed");
        } catch (BatchRefusedException e) {
            return failed(batch, e.getMessage(), "refused");
        }
    }

    /** Publishes the slide as FAILED; nothing is scored, and the batch is done with. */
    private ScoreBatch failed(PatchBatch batch, String reason, String outcome) {
        metrics.batch(outcome);
        LOG.warnf("slide %s batch %d not scored: %s", batch.slideId(), batch.batchIndex(), reason);
        statuses.sendMessageAndAwait(Message.of(SlideStatus.failed(batch.slideId(), reason, SOURCE))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(batch.slideId()).build()));
        return null;
    }
}
