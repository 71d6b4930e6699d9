package io.slidestream.trainer.eval;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The ROC curve of patch scores: one point per distinct score, taken as the threshold (score ≥ it is
 * called tumour), from (0, 0) to (1, 1). Tied scores enter together, so the curve runs diagonally across a
 * tie and its trapezoid area equals the AUC with ties counted half.
 *
 * @param falsePositiveRates x, ascending
 * @param truePositiveRates  y
 */
public record RocCurve(double[] falsePositiveRates, double[] truePositiveRates) {

    /** @throws IllegalArgumentException when a class is missing: there is no curve without both */
    public static RocCurve of(float[] probabilities, boolean[] labels) {
        long positives = 0;
        for (boolean label : labels) {
            positives += label ? 1 : 0;
        }
        long negatives = labels.length - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("a ROC curve needs tumour and normal samples; got "
                    + positives + " and " + negatives);
        }
        Integer[] order = new Integer[probabilities.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> probabilities[i]).reversed());
        List<double[]> points = new ArrayList<>();
        points.add(new double[]{0, 0});
        long tp = 0, fp = 0;
        int i = 0;
        while (i < order.length) {
            float score = probabilities[order[i]];
            while (i < order.length && probabilities[order[i]] == score) {
                if (labels[order[i]]) {
                    tp++;
                } else {
                    fp++;
                }
                i++;
            }
            points.add(new double[]{(double) fp / negatives, (double) tp / positives});
        }
        return new RocCurve(points.stream().mapToDouble(p -> p[0]).toArray(),
                points.stream().mapToDouble(p -> p[1]).toArray());
    }

    /** Trapezoid area under the curve. */
    public double area() {
        double area = 0;
        for (int k = 1; k < falsePositiveRates.length; k++) {
            area += (falsePositiveRates[k] - falsePositiveRates[k - 1])
                    * (truePositiveRates[k] + truePositiveRates[k - 1]) / 2;
        }
        return area;
    }

    /** Writes the curve, with the chance diagonal, as a 600 × 600 PNG titled with the AUC. */
    public void writePng(Path png, String title) throws IOException {
        XYChart chart = new XYChartBuilder().width(600).height(600)
                .title(String.format(Locale.ROOT, "%s (AUC %.4f)", title, area()))
                .xAxisTitle("false positive rate").yAxisTitle("true positive rate").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        XYSeries chance = chart.addSeries("chance", new double[]{0, 1}, new double[]{0, 1});
        chance.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chance.setMarker(SeriesMarkers.NONE);
        chance.setLineColor(Color.GRAY);
        XYSeries roc = chart.addSeries("ROC", falsePositiveRates, truePositiveRates);
        roc.setMarker(SeriesMarkers.NONE);
        roc.setLineColor(new Color(0xC0392B));
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
