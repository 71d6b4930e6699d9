package io.slidestream.aggregator.rest;

import io.slidestream.aggregator.service.ScoreMatrix;
import io.slidestream.aggregator.service.SlideDetail;
import io.slidestream.aggregator.service.SlideImages;
import io.slidestream.aggregator.service.SlideQueries;
import io.slidestream.aggregator.service.SlideSummary;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;

import java.util.List;

/** Slides, their scores, heatmaps and tumour masks. */
@Path("/api/slides")
@Produces(MediaType.APPLICATION_JSON)
public class SlideResource {
    static final String IMAGE_PNG = "image/png";

    private final SlideQueries queries;
    private final SlideImages images;

    SlideResource(SlideQueries queries, SlideImages images) {
        this.queries = queries;
        this.images = images;
    }

    /** Every slide, newest first. */
    @GET
    public List<SlideSummary> list() {
        return queries.list();
    }

    @GET
    @Path("{slideId}")
    public SlideDetail detail(@RestPath String slideId) {
        return queries.detail(slideId);
    }

    /** Row-major scores, null where none arrived. */
    @GET
    @Path("{slideId}/scores")
    public ScoreMatrix scores(@RestPath String slideId) {
        return queries.scores(slideId);
    }

    /** One pixel (or {@code scale x scale} pixels) per grid cell; unscored cells transparent. */
    @GET
    @Path("{slideId}/heatmap.png")
    @Produces(IMAGE_PNG)
    public byte[] heatmap(@RestPath String slideId, @QueryParam("scale") @DefaultValue("1") int scale) {
        return images.heatmapPng(slideId, scale);
    }

    /** 8-bit grey, 255 where the score reaches the tumour threshold. */
    @GET
    @Path("{slideId}/mask.png")
    @Produces(IMAGE_PNG)
    public byte[] mask(@RestPath String slideId, @QueryParam("scale") @DefaultValue("1") int scale) {
        return images.maskPng(slideId, scale);
    }
}
