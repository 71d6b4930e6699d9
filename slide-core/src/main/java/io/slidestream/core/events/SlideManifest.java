package io.slidestream.core.events;

import java.time.Instant;

/**
 * What the aggregator needs to stitch a slide and to know when it is done. Published by the tiler on
 * {@link Topics#SLIDE_MANIFESTS} before the slide's patch batches.
 *
 * @param width       level-0 width in pixels
 * @param height      level-0 height in pixels
 * @param mppX        level-0 microns per pixel along x, 0 when the slide does not say
 * @param mppY        level-0 microns per pixel along y, 0 when the slide does not say
 * @param grid        the patch grid
 * @param patchCount  number of tissue patches that will be scored (distinct grid cells)
 * @param batchCount  number of {@link PatchBatch} messages they travel in
 * @param tissueRule  how tissue was found, for the run metadata
 */
public record SlideManifest(int schemaVersion, String slideId, String slidePath, long width, long height,
                            double mppX, double mppY, GridGeometry grid, int patchCount, int batchCount,
                            String tissueRule, Instant createdAt) {
}
