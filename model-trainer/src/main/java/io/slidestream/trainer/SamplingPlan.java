package io.slidestream.trainer;

/**
 * How training windows are cut from a slide, as in seed 000 (after Liu et al.): a window the size of the
 * model's patch input slides over the slide in steps of {@code stridePx}; a window is tumour when its
 * central {@code centrePx} square holds at least one tumour pixel of the truth, normal otherwise. Normal
 * windows are kept only when at least {@code minNormalTissue} of their pixels are tissue, and only as many
 * as balance the classes: {@code normalsPerTumour} per tumour window of the slide, and at least
 * {@code minNormalsPerSlide} from every slide, so slides without tumour teach what normal looks like.
 * Sizes are in pixels of the patch input (at its µm per pixel).
 *
 * @param centrePx            edge of the central window that decides the label
 * @param stridePx            step between windows
 * @param minNormalTissue     share of tissue pixels ({@link TissuePixels}) a normal window needs
 * @param normalsPerTumour    normal windows kept per tumour window of the same slide
 * @param minNormalsPerSlide  normal windows kept from every slide, tumour or not
 */
public record SamplingPlan(int centrePx, int stridePx, double minNormalTissue, int normalsPerTumour,
                           int minNormalsPerSlide) {

    /** The seed's window and centre: 80 and 50 px. */
    static final int SEED_WINDOW = 80;
    static final int SEED_CENTRE = 50;
    /**
     * Tissue share of a normal window, in {@link TissuePixels}: 10 %, not the seed's 75 %. The tiler scores every
     * cell its tissue mask covers by 30 % or more, and the mask fills the gaps between cells; in pixels, a fifth
     * of those cells (fat, out-of-focus tissue, the section's edge) hold less than 75 % tissue. With the seed's
     * rule the model never saw them and called them tumour on unseen slides.
     */
    static final double MIN_NORMAL_TISSUE = 0.1;

    public SamplingPlan {
        if (centrePx < 1 || stridePx < 1 || !(minNormalTissue >= 0 && minNormalTissue <= 1) || normalsPerTumour < 0
                || minNormalsPerSlide < 0) {
            throw new IllegalArgumentException("need centre >= 1 px, stride >= 1 px, a tissue share in [0, 1] and "
                    + "normal counts >= 0; got " + this);
        }
    }

    /**
     * The seed's proportions for a model input of {@code windowPx}: the centre is 50/80 of the window, the
     * windows step by one centre (so the centres tile the slide, as the labels do); then
     * {@value #MIN_NORMAL_TISSUE} tissue for a normal window, 3 normal windows per tumour window and at least
     * 64 per slide.
     */
    public static SamplingPlan seedDefaults(int windowPx) {
        int centre = Math.max(1, Math.round(windowPx * (float) SEED_CENTRE / SEED_WINDOW));
        return new SamplingPlan(centre, centre, MIN_NORMAL_TISSUE, 3, 64);
    }

    /** Refuses a centre larger than the window it sits in. */
    void checkFits(int windowPx) {
        if (centrePx > windowPx) {
            throw new IllegalArgumentException("the centre (" + centrePx + " px) is larger than the model's "
                    + windowPx + " px patch");
        }
    }
}
