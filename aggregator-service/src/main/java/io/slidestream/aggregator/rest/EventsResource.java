package io.slidestream.aggregator.rest;

import io.slidestream.aggregator.service.LiveProgress;
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
 * Live progress of every slide as server-sent events, each a SlideSummary: state changes at once, scoring
 * progress at most four times a second per slide. The stream starts with every slide as it is now. One
 * slide's stream is {@code /api/slides/{slideId}/events}.
 */
@Path("/api/events")
public class EventsResource {
    private final LiveProgress progress;

    EventsResource(LiveProgress progress) {
        this.progress = progress;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Progress of every slide, live")
    public Multi<SlideSummary> all(@Context HttpHeaders headers) {
        return progress.allSlides(headers);
    }
}
