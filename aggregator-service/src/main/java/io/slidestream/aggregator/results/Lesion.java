package io.slidestream.aggregator.results;

/**
 * One tumour region: an 8-connected group of grid cells whose scores reach the threshold (the sub-cells of
 * the patches' probability maps, for a slide scored with maps). Sizes in level-0 pixels always, in
 * millimetres only when the slide states its µm per pixel (null otherwise).
 *
 * @param id                 1-based, in the verdict's order: largest diameter first
 * @param cells              grid cells (or sub-cells) in the region
 * @param areaPx2            cells × cellSize² (cell size of the cells counted), level-0 px²
 * @param areaMm2            the same in mm², or null without mpp
 * @param largestDiameterPx  the largest distance between two corners of its cells (maximum Feret diameter)
 * @param largestDiameterMm  the same in mm, or null without mpp
 * @param meanScore          mean score of its cells
 * @param maxScore           highest score of its cells
 * @param bbox               bounding box of its cells, level-0 px
 * @param centroid           mean of its cells' centres, level-0 px
 */
public record Lesion(int id, int cells, double areaPx2, Double areaMm2, double largestDiameterPx,
                     Double largestDiameterMm, double meanScore, double maxScore, Box bbox, Point centroid) {

    /** A level-0 rectangle: left, top, width, height in pixels. */
    public record Box(long x, long y, long width, long height) {
    }

    /** A level-0 point in pixels. */
    public record Point(double x, double y) {
    }
}
