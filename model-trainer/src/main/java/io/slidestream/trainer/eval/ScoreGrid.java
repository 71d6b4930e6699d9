package io.slidestream.trainer.eval;

import io.slidestream.core.grid.PixelRegions;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A slide's patch scores on the aggregator's grid: cell (col, row) covers the level-0 rectangle its
 * scores.csv row gives; cells without a row have no score (NaN).
 *
 * @param cells row-major, {@code cols × rows}
 */
public record ScoreGrid(int cols, int rows, Cell[] cells) {

    /** One scored cell: its level-0 rectangle and tumour probability. */
    public record Cell(long x, long y, long width, long height, float probability) {
        double centreX() {
            return x + width / 2.0;
        }

        double centreY() {
            return y + height / 2.0;
        }
    }

    public ScoreGrid {
        if (cells.length != cols * rows) {
            throw new IllegalArgumentException(cells.length + " cells for a " + cols + "x" + rows + " grid");
        }
    }

    /**
     * The grid of an aggregator's scores.csv (WSInfer's {@code minx,miny,width,height,prob_tumor}, one row per
     * scored cell, {@code minx}/{@code miny} the cell's rounded level-0 origin) over a {@code cols × rows} grid
     * of {@code cellSize} cells; fails naming {@code source} and the line for anything else.
     */
    public static ScoreGrid read(Reader csv, String source, int cols, int rows, double cellSize) throws IOException {
        if (!(cellSize > 0)) {
            throw new IllegalArgumentException("cell size must be positive, got " + cellSize);
        }
        Cell[] cells = new Cell[cols * rows];
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (CSVParser parser = CSVParser.parse(csv, format)) {
            for (CSVRecord record : parser) {
                try {
                    long x = Long.parseLong(record.get("minx"));
                    long y = Long.parseLong(record.get("miny"));
                    // minx/miny are the cell's rounded level-0 origin, so rounding x / cellSize gives its column.
                    int col = (int) Math.round(x / cellSize);
                    int row = (int) Math.round(y / cellSize);
                    if (col < 0 || row < 0 || col >= cols || row >= rows) {
                        throw new IOException(source + ": line " + record.getRecordNumber() + " lies outside the "
                                + cols + "x" + rows + " grid");
                    }
                    cells[row * cols + col] = new Cell(x, y, Long.parseLong(record.get("width")),
                            Long.parseLong(record.get("height")), Float.parseFloat(record.get("prob_tumor")));
                } catch (IllegalArgumentException e) {
                    throw new IOException(source + ": line " + record.getRecordNumber() + ": " + e.getMessage(), e);
                }
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException(source + ": not the aggregator's scores CSV: " + e.getMessage(), e);
        }
        return new ScoreGrid(cols, rows, cells);
    }

    /** Scored cells in row-major order. */
    public List<Cell> scored() {
        List<Cell> scored = new ArrayList<>();
        for (Cell cell : cells) {
            if (cell != null) {
                scored.add(cell);
            }
        }
        return scored;
    }

    /**
     * Lesions as the CAMELYON16 entries reported them: the cells scoring at least {@code threshold},
     * 8-connected, one detection per component at its highest-scoring cell with that score. The peak, not
     * the centroid, is the location, because the centroid of a curved or ring-shaped component can fall
     * outside both it and the lesion it found.
     */
    public List<Detection> detections(double threshold) {
        boolean[] above = new boolean[cells.length];
        for (int i = 0; i < cells.length; i++) {
            above[i] = cells[i] != null && cells[i].probability() >= threshold;
        }
        List<Detection> detections = new ArrayList<>();
        for (int[] component : PixelRegions.components(above, cols, rows)) {
            Cell peak = cells[component[0]];
            for (int index : component) {
                if (cells[index].probability() > peak.probability()) {
                    peak = cells[index];
                }
            }
            detections.add(new Detection(peak.centreX(), peak.centreY(), peak.probability()));
        }
        return detections;
    }
}
