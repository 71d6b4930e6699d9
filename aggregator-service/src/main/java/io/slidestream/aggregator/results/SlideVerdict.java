package io.slidestream.aggregator.results;

import io.slidestream.core.staging.MetastasisSize;

import java.util.List;

/**
 * The answer for one slide: is there metastatic tumour, how big is the largest deposit, and where are
 * the deposits. Sizes in level-0 pixels always, in millimetres only when the slide states its µm per
 * pixel; the millimetre fields are null otherwise and {@link #millimetresUnavailable} says why.
 *
 * <p>{@link #slideProbability} is the highest mean score over the 3 × 3 neighbourhood of a scored cell
 * (only scored cells count towards a mean). A single cell with a high score among eight scored low ones
 * is damped to about a ninth of its score (less at the edge of the tissue, where fewer neighbours have a
 * score), while a deposit three cells or more across keeps its score: the
 * neighbourhood mean is a cheap, explainable stand-in for the smoothing that slide-level classifiers
 * learn, and it never exceeds {@link #maxScore}. 0 when no cell has a score.
 *
 * <p>Patches whose pixels could not be read have no score, and tumour in them would go unseen: such a
 * verdict is {@link #incomplete}, and one that found no tumour is {@link Category#UNKNOWN}, never
 * NEGATIVE. Tumour found elsewhere is still found, so ITC, MICRO and MACRO stay (the largest lesion may
 * reach into the unread patches, so it may be larger than measured); {@link #incompleteReason} says which.
 *
 * @param category               the CAMELYON17 pN size class of the largest lesion (see {@link Category})
 * @param threshold              a cell is tumour when its score is at least this
 * @param maxScore               highest cell score, 0 when no cell has a score
 * @param slideProbability       see above
 * @param tumourAreaPx2          total area of all lesions, level-0 px²
 * @param tumourAreaMm2          the same in mm², null without mpp
 * @param largestDiameterPx      largest diameter of the largest lesion, 0 when none
 * @param largestDiameterMm      the same in mm, null without mpp
 * @param millimetresUnavailable null, or why the sizes are in pixels only
 * @param patchesFailed          patches that could not be read, so have no score
 * @param incomplete             whether any did ({@code patchesFailed > 0})
 * @param incompleteReason       null, or what the unread patches mean for this verdict
 * @param lesions                largest diameter first
 */
public record SlideVerdict(Category category, double threshold, double maxScore, double slideProbability,
                           double tumourAreaPx2, Double tumourAreaMm2, double largestDiameterPx,
                           Double largestDiameterMm, String millimetresUnavailable, int patchesFailed,
                           boolean incomplete, String incompleteReason, List<Lesion> lesions) {

    static final String NO_MPP = "the slide states no µm per pixel (nor an objective power, and none was given with it),"
            + " so sizes are in level-0 pixels only and no pN category is given";

    /**
     * The slide's class by the largest diameter of its largest lesion (CAMELYON17's pN rules; the bounds are
     * {@link MetastasisSize}'s, which the trainer's evaluation uses too).
     */
    public enum Category {
        /** No cell reaches the threshold. */
        NEGATIVE,
        /** Isolated tumour cells: largest diameter below 0.2 mm. */
        ITC,
        /** Micrometastasis: 0.2 mm to 2 mm. */
        MICRO,
        /** Macrometastasis: above 2 mm. */
        MACRO,
        /**
         * Lesions found, but the slide states no µm per pixel, so they cannot be sized in mm; or none found,
         * but some patches could not be read, so the slide cannot be called negative.
         */
        UNKNOWN
    }

    public SlideVerdict {
        lesions = List.copyOf(lesions);
    }

    /** The verdict of a finished slide: its lesions found at the finest resolution it was scored at. */
    public static SlideVerdict of(CompletedSlide slide) {
        return of(slide, Lesions.find(slide.finest()));
    }

    /**
     * @param found the lesions of {@link CompletedSlide#finest()}; the maximum score and the slide probability
     *              are the patches' (a 3 × 3 block of patches, whatever the resolution of the lesions)
     */
    static SlideVerdict of(CompletedSlide slide, List<Lesions.Found> found) {
        List<Lesion> lesions = found.stream().map(Lesions.Found::lesion).toList();
        boolean mm = slide.hasMpp();
        double areaPx2 = lesions.stream().mapToDouble(Lesion::areaPx2).sum();
        double diameterPx = lesions.isEmpty() ? 0 : lesions.getFirst().largestDiameterPx();
        double mpp = slide.mpp();
        Double diameterMm = mm ? diameterPx * mpp / 1e3 : null;
        Category category = category(lesions.isEmpty(), diameterMm);
        int failed = slide.patchesFailed();
        String incompleteReason = null;
        if (failed > 0) {
            incompleteReason = unreadPatches(failed, slide.manifest().patchCount(), category);
            category = category == Category.NEGATIVE ? Category.UNKNOWN : category;
        }
        return new SlideVerdict(category, slide.threshold(), maxScore(slide),
                slideProbability(slide), areaPx2, mm ? areaPx2 * mpp * mpp / 1e6 : null, diameterPx, diameterMm,
                mm ? null : NO_MPP, failed, failed > 0, incompleteReason, lesions);
    }

    /** Why a verdict with unread patches is incomplete, and what it means for its category. */
    static String unreadPatches(int failed, int patches, Category found) {
        String unread = failed + " of " + patches + " patches could not be read and have no score, so tumour there"
                + " would go unseen; ";
        return unread + (found == Category.NEGATIVE
                ? "none was found in the rest, which does not make the slide negative, so no pN category is given"
                : "the category stands on the tumour found in the rest, and lesions may be larger than measured");
    }

    static Category category(boolean noLesion, Double largestDiameterMm) {
        if (noLesion) {
            return Category.NEGATIVE;
        }
        if (largestDiameterMm == null) {
            return Category.UNKNOWN;
        }
        return switch (MetastasisSize.of(largestDiameterMm)) {
            case ITC -> Category.ITC;
            case MICRO -> Category.MICRO;
            case MACRO -> Category.MACRO;
        };
    }

    private static double maxScore(CompletedSlide slide) {
        double max = 0;
        for (float score : slide.scores()) {
            if (score > max) {
                max = score;
            }
        }
        return max;
    }

    static double slideProbability(CompletedSlide slide) {
        int cols = slide.cols();
        int rows = slide.rows();
        float[] scores = slide.scores();
        double best = 0;
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < cols; col++) {
                if (Float.isNaN(scores[row * cols + col])) {
                    continue;
                }
                double sum = 0;
                int n = 0;
                for (int r = Math.max(0, row - 1); r <= Math.min(rows - 1, row + 1); r++) {
                    for (int c = Math.max(0, col - 1); c <= Math.min(cols - 1, col + 1); c++) {
                        float score = scores[r * cols + c];
                        if (!Float.isNaN(score)) {
                            sum += score;
                            n++;
                        }
                    }
                }
                best = Math.max(best, sum / n);
            }
        }
        return best;
    }
}
