package io.slidestream.aggregator.rest;

import io.slidestream.aggregator.service.ClusterRouting;
import io.slidestream.aggregator.service.LiveProgress;
import io.slidestream.aggregator.service.SlideOutputs;
import io.slidestream.aggregator.service.SlideQueries;
import io.slidestream.aggregator.service.SlideSummary;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.util.List;

/** Slides and their progress; any instance answers for any slide. */
@Path("/api/slides")
@Produces(MediaType.APPLICATION_JSON)
public class SlideResource {
    private final SlideQueries queries;
    private final SlideOutputs outputs;
    private final ClusterRouting routing;
    private final LiveProgress progress;

    SlideResource(SlideQueries queries, SlideOutputs outputs, ClusterRouting routing, LiveProgress progress) {
        this.queries = queries;
        this.outputs = outputs;
        this.routing = routing;
        this.progress = progress;
    }

    @GET
    @Operation(summary = "Every slide, newest first")
    public Uni<List<SlideSummary>> list(@Context UriInfo uri, @Context HttpHeaders headers) {
        return routing.allSlides(Requests.pathAndQuery(uri), headers, queries::localList);
    }

    @GET
    @Path("{slideId}")
    @Operation(summary = "One slide: state, progress, grid, timings and, once complete, its verdict")
    public Uni<Response> detail(@RestPath String slideId, @Context UriInfo uri, @Context HttpHeaders headers) {
        return routing.forSlide(slideId, Requests.pathAndQuery(uri), headers,
                () -> Response.ok(queries.detail(slideId), MediaType.APPLICATION_JSON_TYPE).build());
    }

    /** Declared here, not with /api/events: {@code {slideId}/events} must win over {@code {slideId}/{file}}. */
    @GET
    @Path("{slideId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Progress of one slide, live: as it is now, then every change")
    public Multi<SlideSummary> events(@RestPath String slideId, @Context HttpHeaders headers) {
        return progress.slide(slideId, headers);
    }

    @GET
    @Path("{slideId}/verdict")
    @Operation(summary = "The verdict of a completed slide: category, probability, tumour area, lesions")
    public Uni<Response> verdict(@RestPath String slideId, @Context UriInfo uri, @Context HttpHeaders headers) {
        return routing.forSlide(slideId, Requests.pathAndQuery(uri), headers,
                () -> Response.ok(outputs.verdict(slideId), MediaType.APPLICATION_JSON_TYPE).build());
    }

    /**
     * One output of a completed slide: heatmap.png, mask.png (both one pixel per grid cell, or {@code scale}),
     * mask.tiff, regions.geojson, scores.csv or run.json.
     */
    @GET
    @Path("{slideId}/{file}")
    @Produces({"image/png", "image/tiff", "application/geo+json", "text/csv", MediaType.APPLICATION_JSON})
    @Operation(summary = "An output file of a completed slide (409 while it is not complete)")
    public Uni<Response> file(@RestPath String slideId, @RestPath String file,
                              @QueryParam("scale") @DefaultValue("1") int scale,
                              @Context UriInfo uri, @Context HttpHeaders headers) {
        return routing.forSlide(slideId, Requests.pathAndQuery(uri), headers,
                () -> Response.ok(outputs.file(slideId, file, scale), SlideOutputs.mediaType(file))
                        .header("Content-Disposition", "attachment; filename=\"" + file + "\"").build());
    }
}
