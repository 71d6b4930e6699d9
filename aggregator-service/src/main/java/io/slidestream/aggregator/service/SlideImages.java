package io.slidestream.aggregator.service;

import io.slidestream.aggregator.config.AggregatorConfig;
import io.slidestream.aggregator.stitching.ScoreGrid;
import jakarta.enterprise.context.ApplicationScoped;

/** PNG heatmaps and tumour masks of slides. */
@ApplicationScoped
public class SlideImages {
    /** Longest image edge served, so a large scale on a large grid cannot exhaust the heap. */
    static final int MAX_EDGE = 16_384;

    private final SlideQueries queries;
    private final AggregatorConfig config;

    SlideImages(SlideQueries queries, AggregatorConfig config) {
        this.queries = queries;
        this.config = config;
    }

    public byte[] heatmapPng(String slideId, int scale) {
        return GridImages.png(GridImages.heatmap(gridAtScale(slideId, scale), scale));
    }

    public byte[] maskPng(String slideId, int scale) {
        return GridImages.png(GridImages.mask(gridAtScale(slideId, scale), config.tumourThreshold(), scale));
    }

    private ScoreGrid gridAtScale(String slideId, int scale) {
        ScoreGrid grid = queries.grid(slideId);
        if (scale < 1 || (long) Math.max(grid.cols(), grid.rows()) * scale > MAX_EDGE) {
            throw new UnsupportedScaleException("scale " + scale + " of a " + grid.cols() + "x" + grid.rows()
                    + " grid: it must be at least 1 and keep both edges within " + MAX_EDGE + " pixels");
        }
        return grid;
    }
}
