package io.slidestream.aggregator.rest;

import io.slidestream.aggregator.messaging.ProgressFeed;
import io.slidestream.aggregator.service.ClusterRouting;
import io.slidestream.aggregator.service.SlideQueries;
import io.slidestream.aggregator.service.SlideSummary;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * {@code GET /api/slides/{slideId}/events}: the live progress of one slide, as {@link EventsResource} streams all.
 * A class of its own, at the full path: as a method of a class at {@code /api}, requests for it were matched to
 * {@link SlideResource} (the longer class path {@code /api/slides}), whose {@code {slideId}/{file}} cannot
 * produce text/event-stream, so they got 406 Not Acceptable.
 */
@Path("/api/slides/{slideId}/events")
public class SlideEventsResource {
    private final ProgressFeed feed;
    private final SlideQueries queries;
    private final ClusterRouting routing;

    SlideEventsResource(ProgressFeed feed, SlideQueries queries, ClusterRouting routing) {
        this.feed = feed;
        this.queries = queries;
        this.routing = routing;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Progress of one slide, live")
    public Multi<SlideSummary> one(@RestPath String slideId, @Context HttpHeaders headers) {
        Multi<SlideSummary> now = routing.allSlides("/api/slides", headers, queries::localList)
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .select().where(summary -> summary.slideId().equals(slideId));
        return Multi.createBy().concatenating().streams(now, feed.live().select().where(s -> s.slideId().equals(slideId)));
    }
}
