package io.slidestream.core.events;

import java.time.Instant;

/**
 * What the aggregator needs to stitch a slide and to know when it is done. Published by the tiler on
 * {@link Topics#SLIDE_MANIFESTS} before the slide's patch batches.
 *
 * @param slideRef    the slide file relative to the slide roots (never a host path)
 * @param slide       the slide's geometry and resolution, the whitelisted facts only
 * @param grid        the patch grid and how each model input is read
 * @param patchCount  number of tissue patches that will be scored (distinct grid cells)
 * @param batchCount  number of {@link PatchBatch} messages they travel in
 * @param tissue      how tissue was found and how much there is
 * @param priority    urgent or routine
 */
public record SlideManifest(int schemaVersion, String slideId, String slideRef, SlideDescription slide,
                            GridGeometry grid, int patchCount, int batchCount, TissueSummary tissue,
                            Priority priority, Instant createdAt) {

    /**
     * @param method      the detector and its settings, e.g. "otsu-saturation (...)"
     * @param areaMm2     tissue area in mm² (from the slide's mpp, see its source)
     * @param fraction    share of the slide's area that is tissue
     */
    public record TissueSummary(String method, double areaMm2, double fraction) {
    }
}
