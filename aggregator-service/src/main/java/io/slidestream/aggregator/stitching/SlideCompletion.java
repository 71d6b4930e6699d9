package io.slidestream.aggregator.stitching;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What happens once a slide has a score (or a failure) for every patch: its verdict is computed and its
 * outputs written.
 */
@FunctionalInterface
public interface SlideCompletion {

    /**
     * @param scores        the slide's scores, row-major, NaN off tissue and where the patch failed
     * @param subCellScores the sub-cell raster of a slide scored with probability maps (see
     *                      {@link SlideLedger#subCellScores}), at its {@link SlideRecord#mapEdge()}; null without maps
     * @return the verdict, as stored with the slide and shown by the API
     */
    JsonNode complete(SlideRecord slide, float[] scores, float[] subCellScores);

    /** A slide scored without probability maps. */
    default JsonNode complete(SlideRecord slide, float[] scores) {
        return complete(slide, scores, null);
    }
}
