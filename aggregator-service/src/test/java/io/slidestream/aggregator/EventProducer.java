package io.slidestream.aggregator;

import io.slidestream.core.events.Contract;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.ScoreBatch.FailedPatch;
import io.slidestream.core.events.ScoreBatch.PatchScore;
import io.slidestream.core.events.SlideStatus;
import io.slidestream.core.events.Topics;
import io.slidestream.kafka.TopicProbe;

import java.time.Instant;
import java.util.List;

/** Publishes events the way the tiler and the inference workers do: JSON keyed by slide id. */
final class EventProducer {
    private final TopicProbe probe;

    EventProducer(TopicProbe probe) {
        this.probe = probe;
    }

    void manifest(String slideId, int cols, int rows, int patchCount) {
        send(Topics.SLIDE_MANIFESTS, slideId, TestManifests.manifest(slideId, cols, rows, patchCount, Instant.now()));
    }

    void scores(String slideId, int batchIndex, PatchScore... scores) {
        send(Topics.SCORE_BATCHES, slideId,
                new ScoreBatch(Contract.SCHEMA_VERSION, slideId, batchIndex, "test-model-1", List.of(scores)));
    }

    /** A batch some of whose patches could not be read. */
    void scores(String slideId, int batchIndex, List<PatchScore> scores, List<FailedPatch> failed) {
        send(Topics.SCORE_BATCHES, slideId,
                new ScoreBatch(Contract.SCHEMA_VERSION, slideId, batchIndex, "test-model-1", scores, failed));
    }

    void status(SlideStatus status) {
        send(Topics.SLIDE_STATUS, status.slideId(), status);
    }

    /** Sends a value as it is, JSON or not. */
    void raw(String topic, String slideId, String value) {
        probe.send(topic, slideId, value);
    }

    private void send(String topic, String slideId, Object event) {
        probe.send(topic, slideId, EventJson.write(event));
    }
}
