package io.slidestream.trainer.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * CAMELYON16's lesion-level score over a set of slides. A detection inside an evaluation region
 * ({@link EvaluationRegions}) finds that lesion; several on one lesion find it once, at their highest
 * probability; one on an isolated-tumour-cell region counts neither way; one outside every region is a
 * false positive. Sweeping a threshold over the detections' probabilities traces sensitivity (lesions
 * found / lesions that count) against the average false positives per slide; the score is the mean
 * sensitivity at {@link #FP_RATES}, read off that curve by linear interpolation between its points as the
 * challenge's script does ({@code np.interp}), from (0, 0) and flat past its last point.
 */
public final class Froc {
    /** Average false positives per slide at which sensitivity is read. */
    public static final double[] FP_RATES = {0.25, 0.5, 1, 2, 4, 8};

    /** One slide: its evaluation regions and what the model detected on it. */
    public record SlideCase(EvaluationRegions regions, List<Detection> detections) {
    }

    /** One threshold's operating point. */
    public record Point(double threshold, double falsePositivesPerSlide, double sensitivity) {
    }

    /**
     * @param score          mean of {@link #sensitivities}; NaN when no slide has a lesion that counts
     * @param sensitivities  at each of {@link #FP_RATES}
     * @param lesions        lesions that count, over all slides
     * @param itcLesions     regions of isolated tumour cells, neither found nor missed
     * @param curve          operating points, highest threshold first
     */
    public record Result(double score, double[] sensitivities, int lesions, int itcLesions, List<Point> curve) {
    }

    private Froc() {
    }

    public static Result of(List<SlideCase> slides) {
        List<Double> falsePositives = new ArrayList<>();
        List<Double> foundAt = new ArrayList<>();
        int lesions = 0;
        int itc = 0;
        for (SlideCase slide : slides) {
            EvaluationRegions regions = slide.regions();
            // Highest probability of a detection on each region; NaN while none has been.
            double[] best = new double[regions.count()];
            Arrays.fill(best, Double.NaN);
            for (Detection d : slide.detections()) {
                int region = regions.regionAt(d.x(), d.y());
                if (region == 0) {
                    falsePositives.add(d.probability());
                } else if (!regions.isItc(region)) {
                    best[region - 1] = Double.isNaN(best[region - 1]) ? d.probability()
                            : Math.max(best[region - 1], d.probability());
                }
            }
            for (int r = 1; r <= regions.count(); r++) {
                if (regions.isItc(r)) {
                    itc++;
                } else {
                    lesions++;
                    if (!Double.isNaN(best[r - 1])) {
                        foundAt.add(best[r - 1]);
                    }
                }
            }
        }
        List<Point> curve = curve(falsePositives, foundAt, slides.size(), lesions);
        double[] sensitivities = new double[FP_RATES.length];
        double sum = 0;
        for (int k = 0; k < FP_RATES.length; k++) {
            sensitivities[k] = lesions == 0 ? Double.NaN : sensitivityAt(curve, FP_RATES[k]);
            sum += sensitivities[k];
        }
        return new Result(sum / FP_RATES.length, sensitivities, lesions, itc, curve);
    }

    private static List<Point> curve(List<Double> falsePositives, List<Double> foundAt, int slides, int lesions) {
        TreeSet<Double> thresholds = new TreeSet<>(falsePositives);
        thresholds.addAll(foundAt);
        List<Point> curve = new ArrayList<>();
        for (double t : thresholds.descendingSet()) {
            long fp = falsePositives.stream().filter(p -> p >= t).count();
            long tp = foundAt.stream().filter(p -> p >= t).count();
            curve.add(new Point(t, (double) fp / slides, lesions == 0 ? 0 : (double) tp / lesions));
        }
        return curve;
    }

    /**
     * Linear between the two points around {@code rate}: the last point at or below it (the most sensitive
     * one of those at equal false positives) and the first above it.
     */
    static double sensitivityAt(List<Point> curve, double rate) {
        double x0 = 0, y0 = 0;
        for (Point p : curve) {
            if (p.falsePositivesPerSlide() <= rate) {
                x0 = p.falsePositivesPerSlide();
                y0 = p.sensitivity();
            } else {
                return y0 + (p.sensitivity() - y0) * (rate - x0) / (p.falsePositivesPerSlide() - x0);
            }
        }
        return y0;
    }
}
