package io.slidestream.tiler.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.slidestream.core.events.Contract;
import io.slidestream.core.events.Priority;
import io.slidestream.core.events.SlideReady;
import io.slidestream.core.events.SlideState;
import io.slidestream.tiler.messaging.TilerEvents;
import io.slidestream.tiler.service.SlideIntake;
import io.slidestream.tiler.service.SlideRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.Instant;

/**
 * {@code POST /api/slides}: checks the request, then puts a slide-ready event on Kafka, the same way in as
 * a scanner's, and answers 202 with the slide's id; a slide already known (same file and profile)
 * answers 200 with its id and state instead, unless {@code force} asks for a new analysis.
 */
@Path("/api/slides")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SlideSubmissionResource {
    static final String SOURCE = "rest";

    private final SlideIntake intake;
    private final SlideRegistry registry;
    private final TilerEvents events;

    public SlideSubmissionResource(SlideIntake intake, SlideRegistry registry, TilerEvents events) {
        this.intake = intake;
        this.registry = registry;
        this.events = events;
    }

    /**
     * @param path     absolute path of the slide file inside the slide roots
     * @param profile  analysis profile by name; omitted: the deployed model's
     * @param priority urgent or routine (default)
     * @param mpp      level-0 µm per pixel, for files that do not say (plain images must)
     * @param force    analyse again even if this file and profile were analysed before
     */
    public record SubmitSlide(String path, String profile, Priority priority, Double mpp, Boolean force) {
    }

    /** The slide's id and state; {@code existing} when it was submitted before. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Submitted(String slideId, SlideState status, Boolean existing) {
    }

    @POST
    @Blocking
    @Operation(summary = "Submit a slide for analysis")
    @APIResponse(responseCode = "202", description = "accepted: the slide is queued",
            content = @Content(schema = @Schema(implementation = Submitted.class)))
    @APIResponse(responseCode = "200", description = "the same file and profile were submitted before: that slide",
            content = @Content(schema = @Schema(implementation = Submitted.class)))
    @APIResponse(responseCode = "400", description = "not acceptable: the reason says why",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response submit(SubmitSlide request) {
        if (request == null) {
            throw new BadRequestProblem("body must be a JSON object with at least \"path\"");
        }
        boolean force = Boolean.TRUE.equals(request.force());
        SlideReady ready = new SlideReady(Contract.SCHEMA_VERSION, null, request.path(), SOURCE, Instant.now(),
                request.profile(), request.priority(), request.mpp(), force);
        SlideIntake.Resolved slide = intake.resolve(ready);
        if (slide.known().isPresent() && !force) {
            return Response.ok(new Submitted(slide.slideId(), slide.known().get(), true)).build();
        }
        registry.remember(slide.slideId(), SlideState.QUEUED);
        events.status(slide.slideId(), SlideState.QUEUED);
        events.slideReady(ready.withId(slide.slideId()));
        return Response.accepted(new Submitted(slide.slideId(), SlideState.QUEUED, null)).build();
    }
}
