package io.slidestream.aggregator.messaging;

import io.slidestream.aggregator.service.SlideAggregator;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.events.SlideStatus;
import io.slidestream.core.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The aggregator's three input topics. Records arrive as raw JSON and are parsed here, so a record that is
 * not JSON, not the topic's event, or rejected by the aggregator throws inside the method; the channel's
 * dead-letter-queue strategy then moves it, as it was sent, to {@code <topic>-dlq}.
 */
@ApplicationScoped
public class SlideEventConsumer {
    private final SlideAggregator aggregator;

    SlideEventConsumer(SlideAggregator aggregator) {
        this.aggregator = aggregator;
    }

    @Incoming(Topics.SLIDE_MANIFESTS)
    public void manifest(String record) {
        aggregator.onManifest(EventJson.read(record, SlideManifest.class));
    }

    @Incoming(Topics.SCORE_BATCHES)
    public void scores(String record) {
        aggregator.onScores(EventJson.read(record, ScoreBatch.class));
    }

    @Incoming(Topics.SLIDE_STATUS)
    public void status(String record) {
        aggregator.onStatus(EventJson.read(record, SlideStatus.class));
    }
}
