package io.slidestream.tiler.rest;

import io.slidestream.core.events.SlideReady;
import io.slidestream.core.events.SlideState;
import io.slidestream.tiler.messaging.TilerEvents;
import io.slidestream.tiler.service.SlideIds;
import io.slidestream.tiler.service.SlideLocator;
import io.slidestream.tiler.service.SlideRejectedException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /api/slides} with {@code {"path": "..."}}: checks the path, then puts a slide-ready event
 * on Kafka, the same way in as a scanner's, and answers 202 with the new slide id.
 */
@Path("/api/slides")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SlideSubmissionResource {
    private final SlideLocator locator;
    private final TilerEvents events;

    public SlideSubmissionResource(SlideLocator locator, TilerEvents events) {
        this.locator = locator;
        this.events = events;
    }

    public record SubmitSlide(String path) {
    }

    public record Accepted(String slideId) {
    }

    public record Problem(String error) {
    }

    @POST
    @Blocking
    public Response submit(SubmitSlide request) {
        if (request == null) {
            return Response.status(Response.Status.BAD_REQUEST).entity(new Problem("body must be {\"path\": \"...\"}"))
                    .build();
        }
        try {
            locator.locate(request.path());
        } catch (SlideRejectedException e) {
            return Response.status(Response.Status.BAD_REQUEST).entity(new Problem(e.getMessage())).build();
        }
        String slideId = SlideIds.newId(request.path());
        events.status(slideId, SlideState.QUEUED);
        events.slideReady(SlideReady.of(slideId, request.path(), "rest"));
        return Response.accepted(new Accepted(slideId)).build();
    }
}
