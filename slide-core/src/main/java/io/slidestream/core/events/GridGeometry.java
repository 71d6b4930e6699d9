package io.slidestream.core.events;

import io.slidestream.core.model.AnalysisProfile;
import io.slidestream.core.slide.RegionRequest;

import java.util.List;

/**
 * The patch grid of one slide, planned in physical units. Cell (col, row) covers the level-0 square at
 * (col, row) × {@code cellSize}; every input is a square centred on the cell's centre, read at its own
 * level (see {@link InputGeometry}). Input squares are placed on whole pixels of the level they are read
 * from, so a batch read as one region and a patch read on its own give the same pixels.
 *
 * @param profile   name of the analysis profile it was planned for
 * @param cellSize  level-0 edge of one cell (the patch input's area; need not be a whole number)
 * @param cols      grid columns
 * @param rows      grid rows
 * @param inputs    how each model input is read, the patch input first
 */
public record GridGeometry(String profile, double cellSize, int cols, int rows, List<InputGeometry> inputs) {

    public GridGeometry {
        inputs = List.copyOf(inputs);
    }

    /** Level-0 x of the left edge of column {@code col}. */
    public long originX(int col) {
        return Math.round(col * cellSize);
    }

    /** Level-0 y of the top edge of row {@code row}. */
    public long originY(int row) {
        return Math.round(row * cellSize);
    }

    public InputGeometry patchInput() {
        return inputs.getFirst();
    }

    /** Left edge, in pixels of the input's level, of input {@code input} of column {@code col}. */
    public long inputLeft(int input, int col) {
        return levelEdge(inputs.get(input), (col + 0.5) * cellSize);
    }

    /** Top edge, in pixels of the input's level, of input {@code input} of row {@code row}. */
    public long inputTop(int input, int row) {
        return levelEdge(inputs.get(input), (row + 0.5) * cellSize);
    }

    /** The read of one input of one cell on its own. */
    public RegionRequest inputRegion(int input, int col, int row) {
        InputGeometry in = inputs.get(input);
        return new RegionRequest(in.level(), level0(in, inputLeft(input, col)), level0(in, inputTop(input, row)),
                in.readSize(), in.readSize());
    }

    /** Level-0 coordinate of a pixel edge of the input's level, as OpenSlide's read_region takes it. */
    public static long level0(InputGeometry input, long levelPixel) {
        return Math.round(levelPixel * input.levelDownsample());
    }

    private static long levelEdge(InputGeometry input, double centre0) {
        return Math.round((centre0 - input.extentLevel0() / 2) / input.levelDownsample());
    }

    public int cellCount() {
        return cols * rows;
    }

    /** Row-major index of a cell, the key the aggregator counts each patch once by. */
    public int cellIndex(int col, int row) {
        if (col < 0 || row < 0 || col >= cols || row >= rows) {
            throw new IllegalArgumentException("cell (" + col + ", " + row + ") outside a " + cols + "x" + rows + " grid");
        }
        return row * cols + col;
    }

    /** The profile these inputs implement, for checking a batch against a model. */
    public AnalysisProfile asProfile() {
        return new AnalysisProfile(profile, inputs.stream().map(InputGeometry::asModelInput).toList());
    }
}
