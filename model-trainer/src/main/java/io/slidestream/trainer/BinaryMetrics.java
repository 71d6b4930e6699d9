package io.slidestream.trainer;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Patch-level classification quality at one threshold, plus the threshold-free ROC AUC.
 * Ratios with an empty denominator are 0 (e.g. precision when nothing is predicted positive). The derived
 * figures are written to JSON too, for people reading a training report.
 */
public record BinaryMetrics(int truePositives, int falsePositives, int trueNegatives, int falseNegatives,
                            double auc) {

    /**
     * @param probabilities predicted tumour probability per sample
     * @param labels        true class per sample (true = tumour)
     * @param threshold     probability at or above which a sample counts as predicted tumour
     */
    public static BinaryMetrics of(float[] probabilities, boolean[] labels, double threshold) {
        if (probabilities.length != labels.length) {
            throw new IllegalArgumentException(probabilities.length + " probabilities for " + labels.length + " labels");
        }
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < labels.length; i++) {
            boolean predicted = probabilities[i] >= threshold;
            if (predicted && labels[i]) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (labels[i]) {
                fn++;
            } else {
                tn++;
            }
        }
        return new BinaryMetrics(tp, fp, tn, fn, rocAuc(probabilities, labels));
    }

    /**
     * The threshold with the best F1 (on cells, the mask's Dice) over {@code probabilities}: halfway between
     * the lowest score called tumour and the next lower score, so that the same scores fall on the same side
     * and a slightly different run does not flip the boundary case. Of equal F1s the highest threshold wins
     * (fewer false alarms). 0.5 when a class is missing.
     */
    public static double bestF1Threshold(float[] probabilities, boolean[] labels) {
        float[] ones = new float[labels.length];
        Arrays.fill(ones, 1);
        return bestF1Threshold(probabilities, labels, ones);
    }

    /**
     * As {@link #bestF1Threshold(float[], boolean[])}, each example counting {@code weights[i]} times: how a
     * sample whose normal examples were thinned out stands for the slides it came from.
     */
    public static double bestF1Threshold(float[] probabilities, boolean[] labels, float[] weights) {
        double positives = 0;
        double total = 0;
        for (int i = 0; i < labels.length; i++) {
            positives += labels[i] ? weights[i] : 0;
            total += weights[i];
        }
        if (positives == 0 || positives == total) {
            return 0.5;
        }
        Integer[] order = IntStream.range(0, probabilities.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> -probabilities[i]));
        double bestF1 = -1;
        double best = 0.5;
        double truePositives = 0;
        double called = 0;
        int i = 0;
        while (i < order.length) {
            float score = probabilities[order[i]];
            while (i < order.length && probabilities[order[i]] == score) {
                truePositives += labels[order[i]] ? weights[order[i]] : 0;
                called += weights[order[i]];
                i++;
            }
            double f1 = 2.0 * truePositives / (called + positives);
            if (f1 > bestF1) {
                bestF1 = f1;
                best = i < order.length ? (score + probabilities[order[i]]) / 2 : score;
            }
        }
        return best;
    }

    /**
     * Area under the ROC curve as the Mann–Whitney statistic: the chance that a random positive scores
     * above a random negative, ties counting half (average ranks). NaN when a class is missing.
     */
    public static double rocAuc(float[] probabilities, boolean[] labels) {
        Integer[] order = IntStream.range(0, probabilities.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> probabilities[i]));
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && probabilities[order[j + 1]] == probabilities[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1; // 1-based ranks i+1 .. j+1
            for (int k = i; k <= j; k++) {
                if (labels[order[k]]) {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = labels.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    @JsonProperty
    public int count() {
        return truePositives + falsePositives + trueNegatives + falseNegatives;
    }

    @JsonProperty
    public double accuracy() {
        return ratio(truePositives + trueNegatives, count());
    }

    /** Sensitivity: the share of tumour patches found. */
    @JsonProperty
    public double recall() {
        return ratio(truePositives, truePositives + falseNegatives);
    }

    @JsonProperty
    public double precision() {
        return ratio(truePositives, truePositives + falsePositives);
    }

    @JsonProperty
    public double f1() {
        return ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
    }

    private static double ratio(int numerator, int denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }

    @Override
    public String toString() {
        return String.format("n=%d (tumour %d) accuracy=%.4f recall=%.4f precision=%.4f F1=%.4f AUC=%.4f [TP=%d FP=%d TN=%d FN=%d]",
                count(), truePositives + falseNegatives, accuracy(), recall(), precision(), f1(), auc,
                truePositives, falsePositives, trueNegatives, falseNegatives);
    }
}
