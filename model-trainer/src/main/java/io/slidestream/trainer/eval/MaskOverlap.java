package io.slidestream.trainer.eval;

/**
 * How a predicted tumour mask overlaps the truth, pixel by pixel on one grid.
 * Dice = 2|P ∩ T| / (|P| + |T|), IoU = |P ∩ T| / |P ∪ T|. Both are 1 when neither mask has tumour: a
 * negative slide called negative is a perfect answer, and 0/0 would drop it from any average.
 */
public record MaskOverlap(long intersection, long predicted, long truth) {

    public static MaskOverlap of(boolean[] predicted, boolean[] truth) {
        if (predicted.length != truth.length) {
            throw new IllegalArgumentException(predicted.length + " predicted pixels for " + truth.length + " true ones");
        }
        long both = 0, p = 0, t = 0;
        for (int i = 0; i < truth.length; i++) {
            both += predicted[i] && truth[i] ? 1 : 0;
            p += predicted[i] ? 1 : 0;
            t += truth[i] ? 1 : 0;
        }
        return new MaskOverlap(both, p, t);
    }

    public double dice() {
        return predicted + truth == 0 ? 1 : 2.0 * intersection / (predicted + truth);
    }

    public double iou() {
        long union = predicted + truth - intersection;
        return union == 0 ? 1 : (double) intersection / union;
    }
}
