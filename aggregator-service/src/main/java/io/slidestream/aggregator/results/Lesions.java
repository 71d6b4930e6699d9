package io.slidestream.aggregator.results;

import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.grid.PixelRegions;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.union.UnaryUnionOp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the lesions of a slide: 8-connected components of tumour cells (score ≥ threshold), measured and
 * numbered largest diameter first. Cell (col, row) is the level-0 rectangle from
 * ({@code originX(col)}, {@code originY(row)}) to ({@code originX(col + 1)}, {@code originY(row + 1)}),
 * so that cells of a non-integer cell size tile the slide on whole pixels without gaps.
 */
final class Lesions {
    static final GeometryFactory GEOMETRY = new GeometryFactory();

    private Lesions() {
    }

    /** A measured lesion and the row-major indices of its cells, in ascending order. */
    record Found(Lesion lesion, int[] cells) {
    }

    static List<Found> find(CompletedSlide slide) {
        List<int[]> components = components(slide);
        List<Found> unnumbered = new ArrayList<>(components.size());
        for (int[] cells : components) {
            unnumbered.add(new Found(measure(slide, cells, 0), cells));
        }
        // Largest diameter first; ties by more cells, then by position (first cell), so the order is total.
        unnumbered.sort(Comparator.comparingDouble((Found f) -> -f.lesion().largestDiameterPx())
                .thenComparingInt(f -> -f.cells().length)
                .thenComparingInt(f -> f.cells()[0]));
        List<Found> found = new ArrayList<>(unnumbered.size());
        for (int i = 0; i < unnumbered.size(); i++) {
            Found f = unnumbered.get(i);
            found.add(new Found(withId(f.lesion(), i + 1), f.cells()));
        }
        return List.copyOf(found);
    }

    /** The union of the lesion's cells as level-0 polygons: row runs of cells, unioned; holes kept. */
    static Geometry region(GridGeometry grid, int[] cells) {
        List<Geometry> runs = new ArrayList<>();
        int cols = grid.cols();
        int i = 0;
        while (i < cells.length) {
            int row = cells[i] / cols;
            int first = cells[i] % cols;
            int last = first;
            while (i + 1 < cells.length && cells[i + 1] == cells[i] + 1 && cells[i + 1] / cols == row) {
                i++;
                last++;
            }
            runs.add(rectangle(grid.originX(first), grid.originY(row), grid.originX(last + 1), grid.originY(row + 1)));
            i++;
        }
        return UnaryUnionOp.union(runs, GEOMETRY);
    }

    private static Polygon rectangle(long x0, long y0, long x1, long y1) {
        return GEOMETRY.createPolygon(new Coordinate[]{
                new Coordinate(x0, y0), new Coordinate(x1, y0), new Coordinate(x1, y1), new Coordinate(x0, y1),
                new Coordinate(x0, y0)});
    }

    private static List<int[]> components(CompletedSlide slide) {
        boolean[] tumour = new boolean[slide.cols() * slide.rows()];
        for (int cell = 0; cell < tumour.length; cell++) {
            tumour[cell] = slide.isTumour(cell);
        }
        return PixelRegions.components(tumour, slide.cols(), slide.rows());
    }

    private static Lesion measure(CompletedSlide slide, int[] cells, int id) {
        GridGeometry grid = slide.grid();
        int cols = grid.cols();
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        double sumX = 0;
        double sumY = 0;
        int minCol = Integer.MAX_VALUE;
        int maxCol = Integer.MIN_VALUE;
        int minRow = Integer.MAX_VALUE;
        int maxRow = Integer.MIN_VALUE;
        for (int cell : cells) {
            float score = slide.scores()[cell];
            sum += score;
            max = Math.max(max, score);
            int col = cell % cols;
            int row = cell / cols;
            sumX += (grid.originX(col) + grid.originX(col + 1)) / 2.0;
            sumY += (grid.originY(row) + grid.originY(row + 1)) / 2.0;
            minCol = Math.min(minCol, col);
            maxCol = Math.max(maxCol, col);
            minRow = Math.min(minRow, row);
            maxRow = Math.max(maxRow, row);
        }
        double areaPx2 = cells.length * grid.cellSize() * grid.cellSize();
        double diameterPx = largestDiameter(grid, cells);
        double mpp = slide.mpp();
        Double areaMm2 = mpp > 0 ? areaPx2 * mpp * mpp / 1e6 : null;
        Double diameterMm = mpp > 0 ? diameterPx * mpp / 1e3 : null;
        Lesion.Box bbox = new Lesion.Box(grid.originX(minCol), grid.originY(minRow),
                grid.originX(maxCol + 1) - grid.originX(minCol), grid.originY(maxRow + 1) - grid.originY(minRow));
        return new Lesion(id, cells.length, areaPx2, areaMm2, diameterPx, diameterMm, sum / cells.length, max, bbox,
                new Lesion.Point(sumX / cells.length, sumY / cells.length));
    }

    /** The largest distance between two corners of the cells: the diameter of their convex hull. */
    static double largestDiameter(GridGeometry grid, int[] cells) {
        return PixelRegions.largestDiameter(cells, grid.cols(), grid::originX, grid::originY);
    }

    private static Lesion withId(Lesion l, int id) {
        return new Lesion(id, l.cells(), l.areaPx2(), l.areaMm2(), l.largestDiameterPx(), l.largestDiameterMm(),
                l.meanScore(), l.maxScore(), l.bbox(), l.centroid());
    }
}
