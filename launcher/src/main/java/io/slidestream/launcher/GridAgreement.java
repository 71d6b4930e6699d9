package io.slidestream.launcher;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slidestream.core.events.EventJson;
import io.slidestream.synth.GroundTruth;
import io.slidestream.trainer.eval.ScoreGrid;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * How well a stitched mask agrees with a generated slide's ground truth, over the scored (tissue)
 * cells: a cell is truly tumour when at least half of its patch is tumour. Cohen's kappa is 0 for
 * chance agreement and 1 for perfect agreement.
 */
public record GridAgreement(int truePositives, int falsePositives, int falseNegatives, int trueNegatives) {

    /**
     * @param mask     the aggregator's mask (one pixel per cell, non-zero = tumour)
     * @param scored   which cells were scored, row-major over the grid
     * @param cellSize level-0 edge of a cell
     */
    public static GridAgreement of(GroundTruth truth, BufferedImage mask, boolean[] scored, double cellSize) {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        int cols = mask.getWidth();
        for (int row = 0; row < mask.getHeight(); row++) {
            for (int col = 0; col < cols; col++) {
                if (!scored[row * cols + col]) {
                    continue;
                }
                boolean predicted = (mask.getRaster().getSample(col, row, 0)) != 0;
                long x = Math.round(col * cellSize);
                long y = Math.round(row * cellSize);
                long edge = Math.round(cellSize);
                boolean actual = truth.tumourFraction(x, y, edge, edge) >= 0.5;
                if (predicted && actual) {
                    tp++;
                } else if (predicted) {
                    fp++;
                } else if (actual) {
                    fn++;
                } else {
                    tn++;
                }
            }
        }
        return new GridAgreement(tp, fp, fn, tn);
    }

    /**
     * The agreement of a completed slide's downloaded outputs: {@code mask.png} at scale 1 (one pixel per grid
     * cell) and {@code scores.csv} (WSInfer's {@code minx,miny,width,height,prob_tumor}, one row per scored cell,
     * whose {@code minx}/{@code miny} are the cell's rounded level-0 origin).
     */
    public static GridAgreement ofOutputs(GroundTruth truth, byte[] maskPng, byte[] scoresCsv, double cellSize) {
        return ofOutputs(truth, maskPng, scoresCsv, cellSize, 1);
    }

    /**
     * As {@link #ofOutputs(GroundTruth, byte[], byte[], double)} for a slide scored with probability maps, whose
     * {@code mask.png} has {@code subCellEdge} × {@code subCellEdge} pixels per grid cell: the agreement is
     * counted over the sub-cells of the scored cells, each truly tumour when at least half of it is.
     */
    public static GridAgreement ofOutputs(GroundTruth truth, byte[] maskPng, byte[] scoresCsv, double cellSize,
                                          int subCellEdge) {
        BufferedImage mask;
        try {
            mask = ImageIO.read(new ByteArrayInputStream(maskPng));
        } catch (IOException e) {
            throw new UncheckedIOException("mask.png does not decode", e);
        }
        if (mask == null) {
            throw new IllegalArgumentException("mask.png is not a PNG");
        }
        if (subCellEdge < 1 || mask.getWidth() % subCellEdge != 0 || mask.getHeight() % subCellEdge != 0) {
            throw new IllegalArgumentException("a " + mask.getWidth() + "x" + mask.getHeight() + " mask.png is not "
                    + subCellEdge + "x" + subCellEdge + " sub-cells a cell");
        }
        int cols = mask.getWidth() / subCellEdge;
        boolean[] cells = scoredCells(scoresCsv, cols, mask.getHeight() / subCellEdge, cellSize);
        boolean[] subCells = new boolean[mask.getWidth() * mask.getHeight()];
        for (int i = 0; i < subCells.length; i++) {
            int x = i % mask.getWidth();
            int y = i / mask.getWidth();
            subCells[i] = cells[(y / subCellEdge) * cols + x / subCellEdge];
        }
        return of(truth, mask, subCells, cellSize / subCellEdge);
    }

    /** Row-major over a {@code cols} × {@code rows} grid: the cells that have a row in {@code scores.csv}. */
    static boolean[] scoredCells(byte[] scoresCsv, int cols, int rows, double cellSize) {
        ScoreGrid grid;
        try {
            grid = ScoreGrid.read(new StringReader(new String(scoresCsv, StandardCharsets.UTF_8)), "scores.csv",
                    cols, rows, cellSize);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        boolean[] scored = new boolean[cols * rows];
        for (int i = 0; i < scored.length; i++) {
            scored[i] = grid.cells()[i] != null;
        }
        return scored;
    }

    /** For report.json: the counts and the four measures (rounded to 0.001). */
    public ObjectNode toJson() {
        ObjectNode json = EventJson.mapper().createObjectNode();
        json.put("dice", round(dice()));
        json.put("kappa", round(kappa()));
        json.put("sensitivity", round(sensitivity()));
        json.put("specificity", round(specificity()));
        json.put("cells", total());
        json.put("truePositives", truePositives);
        json.put("falsePositives", falsePositives);
        json.put("falseNegatives", falseNegatives);
        json.put("trueNegatives", trueNegatives);
        return json;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    public int total() {
        return truePositives + falsePositives + falseNegatives + trueNegatives;
    }

    public double dice() {
        int denominator = 2 * truePositives + falsePositives + falseNegatives;
        return denominator == 0 ? 1 : 2.0 * truePositives / denominator;
    }

    public double sensitivity() {
        int positives = truePositives + falseNegatives;
        return positives == 0 ? 1 : (double) truePositives / positives;
    }

    public double specificity() {
        int negatives = trueNegatives + falsePositives;
        return negatives == 0 ? 1 : (double) trueNegatives / negatives;
    }

    public double accuracy() {
        return total() == 0 ? 1 : (double) (truePositives + trueNegatives) / total();
    }

    public double kappa() {
        double n = total();
        if (n == 0) {
            return 1;
        }
        double observed = accuracy();
        double predictedPositive = (truePositives + falsePositives) / n;
        double actualPositive = (truePositives + falseNegatives) / n;
        double expected = predictedPositive * actualPositive + (1 - predictedPositive) * (1 - actualPositive);
        return expected == 1 ? 1 : (observed - expected) / (1 - expected);
    }

    @Override
    public String toString() {
        return String.format("Dice %.3f, kappa %.3f, sensitivity %.3f, specificity %.3f over %d cells "
                        + "(TP %d, FP %d, FN %d, TN %d)", dice(), kappa(), sensitivity(), specificity(), total(),
                truePositives, falsePositives, falseNegatives, trueNegatives);
    }
}
