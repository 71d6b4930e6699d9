package io.slidestream.aggregator.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.slidestream.aggregator.config.AggregatorConfig;
import io.slidestream.aggregator.results.CompletedSlide;
import io.slidestream.aggregator.results.GridPngs;
import io.slidestream.aggregator.results.OutputFile;
import io.slidestream.aggregator.results.OutputFiles;
import io.slidestream.aggregator.stitching.SlideRecord;
import io.slidestream.aggregator.streams.AggregatorStreams;
import io.slidestream.core.events.SlideState;
import jakarta.enterprise.context.ApplicationScoped;

/** A completed slide's verdict and output files, made from the stored scores on request. */
@ApplicationScoped
public class SlideOutputs {
    private final SlideQueries queries;
    private final AggregatorStreams streams;
    private final AggregatorConfig config;

    SlideOutputs(SlideQueries queries, AggregatorStreams streams, AggregatorConfig config) {
        this.queries = queries;
        this.streams = streams;
        this.config = config;
    }

    public JsonNode verdict(String slideId) {
        return completedRecord(slideId, "verdict").verdict();
    }

    /**
     * @param scale pixels per grid cell edge (per sub-cell edge for a slide scored with probability maps), for the
     *              PNGs only
     * @throws NoSuchOutputException for a name that is none of {@link OutputFile}
     */
    public byte[] file(String slideId, String fileName, int scale) {
        OutputFile file = OutputFile.byFileName(fileName).orElseThrow(() -> new NoSuchOutputException(fileName));
        if (scale != 1 && file != OutputFile.HEATMAP_PNG && file != OutputFile.MASK_PNG) {
            throw new UnsupportedScaleException("scale applies to heatmap.png and mask.png only");
        }
        SlideRecord slide = completedRecord(slideId, fileName);
        float[] scores = streams.localScores(slide);
        CompletedSlide completed = SlideResults.completed(slide, scores, streams.localSubCellScores(slide, scores),
                slide.threshold(config.tumourThreshold()));
        try {
            return switch (file) {
                case HEATMAP_PNG -> GridPngs.heatmapPng(completed.finest(), scale);
                case MASK_PNG -> GridPngs.maskPng(completed.finest(), scale);
                default -> OutputFiles.render(file, completed);
            };
        } catch (IllegalArgumentException badScale) {
            throw new UnsupportedScaleException(badScale.getMessage());
        }
    }

    public static String mediaType(String fileName) {
        return OutputFile.byFileName(fileName).map(OutputFile::mediaType).orElse("application/octet-stream");
    }

    private SlideRecord completedRecord(String slideId, String what) {
        SlideRecord slide = queries.slide(slideId);
        if (slide.lifecycle().state() != SlideState.COMPLETE) {
            throw new SlideNotFinishedException(slideId, slide.lifecycle().state(), what);
        }
        return slide;
    }

    /** A file name that is not one of the outputs. */
    public static class NoSuchOutputException extends RuntimeException {
        NoSuchOutputException(String fileName) {
            super("no output named " + fileName + "; there are " + java.util.Arrays.stream(OutputFile.values())
                    .map(OutputFile::fileName).toList());
        }
    }
}
