package io.slidestream.aggregator.service;

import io.slidestream.aggregator.messaging.ProgressFeed;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

/** What an event stream shows: the slides as they are now, then every change as it comes. */
@ApplicationScoped
public class LiveProgress {
    private final ProgressFeed feed;
    private final SlideQueries queries;
    private final ClusterRouting routing;

    LiveProgress(ProgressFeed feed, SlideQueries queries, ClusterRouting routing) {
        this.feed = feed;
        this.queries = queries;
        this.routing = routing;
    }

    public Multi<SlideSummary> allSlides(HttpHeaders headers) {
        Multi<SlideSummary> now = routing.allSlides("/api/slides", headers, queries::localList)
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(list));
        return Multi.createBy().concatenating().streams(now, feed.live());
    }

    public Multi<SlideSummary> slide(String slideId, HttpHeaders headers) {
        Multi<SlideSummary> now = routing.slideSummary(slideId, headers, () -> queries.summary(slideId))
                .onItem().transformToMulti(found -> Multi.createFrom().optional(found));
        return Multi.createBy().concatenating()
                .streams(now, feed.live().select().where(summary -> summary.slideId().equals(slideId)));
    }
}
