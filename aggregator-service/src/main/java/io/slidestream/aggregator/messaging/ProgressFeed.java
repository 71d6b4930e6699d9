package io.slidestream.aggregator.messaging;

import io.slidestream.aggregator.service.SlideSummary;
import io.slidestream.aggregator.streams.SlideTopology;
import io.slidestream.core.events.EventJson;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Live slide progress for the event streams. Every instance reads the whole progress topic (its own
 * consumer group, from the latest record), so a client connected to any instance sees every slide.
 */
@ApplicationScoped
public class ProgressFeed {
    private final BroadcastProcessor<SlideSummary> live = BroadcastProcessor.create();

    @Incoming(SlideTopology.PROGRESS_TOPIC)
    public void progress(String record) {
        live.onNext(EventJson.read(record, SlideSummary.class));
    }

    /**
     * Progress from now on; nothing is kept for late subscribers. Each subscriber gets its own buffer: an SSE
     * response asks for one item at a time and waits for the write, so a burst of progress (several slides
     * committing at once) would otherwise fail the stream with a BackPressureFailure and end it.
     */
    public Multi<SlideSummary> live() {
        return live.onOverflow().buffer(SUBSCRIBER_BUFFER);
    }

    /** Summaries one slow client may fall behind by before its stream fails. */
    static final int SUBSCRIBER_BUFFER = 4096;
}
