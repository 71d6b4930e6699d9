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
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * Live progress as server-sent events, each a SlideSummary: state changes at once, scoring progress at most
 * four times a second per slide. A stream starts with the current state, then follows.
 */
@Path("/api")
public class EventsResource {
    private final ProgressFeed feed;
    private final SlideQueries queries;
    private final ClusterRouting routing;

    EventsResource(ProgressFeed feed, SlideQueries queries, ClusterRouting routing) {
        this.feed = feed;
        this.queries = queries;
        this.routing = routing;
    }

    @GET
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Progress of every slide, live")
    public Multi<SlideSummary> all(@Context HttpHeaders headers) {
        Multi<SlideSummary> now = routing.allSlides("/api/slides", headers, queries::localList)
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(list));
        return Multi.createBy().concatenating().streams(now, feed.live());
    }
}
