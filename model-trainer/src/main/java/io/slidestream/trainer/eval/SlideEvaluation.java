package io.slidestream.trainer.eval;

import io.slidestream.trainer.truth.SlideTruth;
import io.slidestream.trainer.truth.TumourMask;

import java.util.List;

/**
 * One slide's pipeline outputs against its truth.
 *
 * @param name              the slide
 * @param probabilities     scored cells' tumour probabilities
 * @param labels            whether each of those cells is truly tumour (at least half of it, as in the demo
 *                          report's grid agreement)
 * @param overlap           mask.tiff vs the truth sampled at mask.tiff's pixel centres
 * @param froc              the slide's evaluation regions and detections, for the FROC over the set
 * @param tumour            whether the truth has any tumour (slide-level label)
 * @param slideProbability  the verdict's slide score
 * @param truthCategory     NEGATIVE, ITC, MICRO or MACRO from the truth
 * @param predictedCategory the verdict's category
 */
public record SlideEvaluation(String name, float[] probabilities, boolean[] labels, MaskOverlap overlap,
                              Froc.SlideCase froc, boolean tumour, double slideProbability, String truthCategory,
                              String predictedCategory) {
    /** The FROC grid's pixel edge: CAMELYON16 evaluated at level 5, 32 × 0.243 µm. */
    public static final double FROC_UM_PER_PIXEL = 7.8;
    /** Share of a cell that must be tumour for the cell to count as a tumour patch. */
    public static final double TUMOUR_CELL_FRACTION = 0.5;

    /**
     * @param mpp       µm per level-0 pixel of the slide
     * @param threshold score at which a cell counts as tumour when cutting lesions for the FROC
     */
    public static SlideEvaluation of(SlideOutputs outputs, SlideTruth truth, double mpp, double threshold) {
        TumourMask mask = truth.mask();
        List<ScoreGrid.Cell> cells = outputs.grid().scored();
        float[] probabilities = new float[cells.size()];
        boolean[] labels = new boolean[cells.size()];
        for (int k = 0; k < cells.size(); k++) {
            ScoreGrid.Cell cell = cells.get(k);
            probabilities[k] = cell.probability();
            labels[k] = mask.tumourFraction(cell.x(), cell.y(), cell.width(), cell.height()) >= TUMOUR_CELL_FRACTION;
        }
        int d = outputs.maskDownsample();
        TumourMask truthOnMask = mask.sampledOnto(outputs.maskWidth(), outputs.maskHeight(), d, d);
        boolean[] truthPixels = new boolean[outputs.mask().length];
        for (int p = 0; p < truthPixels.length; p++) {
            truthPixels[p] = truthOnMask.get(p % outputs.maskWidth(), p / outputs.maskWidth());
        }
        Froc.SlideCase froc = new Froc.SlideCase(EvaluationRegions.of(mask, mpp, FROC_UM_PER_PIXEL),
                outputs.grid().detections(threshold));
        return new SlideEvaluation(outputs.name(), probabilities, labels,
                MaskOverlap.of(outputs.mask(), truthPixels), froc, !mask.isEmpty(), outputs.slideProbability(),
                TruthCategory.of(mask, mpp), outputs.category());
    }

    public boolean categoryRight() {
        return truthCategory.equals(predictedCategory);
    }
}
