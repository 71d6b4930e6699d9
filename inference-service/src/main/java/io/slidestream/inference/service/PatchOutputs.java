package io.slidestream.inference.service;

import io.slidestream.core.grid.ProbabilityMaps;

/**
 * What one model call said about each of its patches, in the call's order.
 *
 * @param scores  each patch's tumour probability (for a probability-map model its map's maximum)
 * @param maps    null for a model with one probability per patch; else each patch's map at the model's
 *                resolution, {@code mapEdge × mapEdge} values row-major, patch p's from {@code p · mapEdge²}
 * @param mapEdge the maps' edge; 0 without maps
 */
public record PatchOutputs(float[] scores, float[] maps, int mapEdge) {

    public boolean hasMaps() {
        return maps != null;
    }

    /**
     * Patch {@code p}'s map as it is published: reduced by maximum to min(model edge, {@code maxEdge}) sub-cells
     * each way and quantised to 0..255 without crossing {@code threshold} (see {@link ProbabilityMaps}); null
     * without maps.
     */
    public int[] publishedMap(int p, int maxEdge, double threshold) {
        if (maps == null) {
            return null;
        }
        int edge = Math.min(mapEdge, maxEdge);
        return ProbabilityMaps.quantise(ProbabilityMaps.resize(maps, p * mapEdge * mapEdge, mapEdge, edge), threshold);
    }
}
