package io.slidestream.synth;

import java.util.Arrays;
import java.util.List;

/**
 * Fat (adipose tissue) in place of normal tissue, as the perinodal fat around a lymph node. Adipocytes are
 * the Voronoi cells of a jittered grid (50 to 150 µm across, polygonal); a cell is fat or not as a whole,
 * decided at its site, so fat lobules end along cell walls. Fat cells show the glass through their emptied
 * interior, a thin eosin membrane along their walls and, in some, a flattened nucleus pressed against
 * the wall. Lobules come from low-frequency noise pulled towards the section's outline, the threshold
 * calibrated so that about {@value #FAT_SHARE} of the tissue would be fat; cells near a lesion are left out,
 * so the tumour (and the truth) stay as they are. Every size is in µm.
 */
final class AdiposeTissue {
    private static final double CELL_PITCH_UM = 85;
    /**
     * Sites lie in the middle 70 % of their grid cell, so a pixel's nearest site is (all but always) among the
     * 3 x 3 cells around the pixel's, where it is looked for.
     */
    private static final double SITE_JITTER = 0.7;
    private static final double MEMBRANE_UM = 2;
    private static final double LOBULE_SCALE_UM = 800;
    /** How much deeper tissue (a larger tissue field) holds back fat: most of it lies towards the outline. */
    private static final double PERIPHERY_PULL = 1.0;
    static final double FAT_SHARE = 0.15;
    /**
     * A pixel is never farther from its site than 0.85 √2 grid pitches; cells whose site lies farther than
     * this from a lesion's outline bound cannot reach into the lesion.
     */
    private static final double LESION_CLEARANCE_PITCHES = 1.5;
    private static final double NUCLEUS_SHARE = 0.3;
    private static final double NUCLEUS_LENGTH_UM = 9;
    private static final double NUCLEUS_THICKNESS_UM = 2.5;
    private static final int CALIBRATION_SAMPLES = 96;
    /** Eosin of a cell wall, and haematoxylin of its flattened nucleus. */
    private static final int[] MEMBRANE = {212, 128, 178};
    private static final int[] NUCLEUS = {92, 62, 150};
    private static final double NUCLEUS_OPACITY = 0.85;

    private final TissueField tissue;
    private final List<LesionShape> lesions;
    private final ValueNoise lobules;
    private final long seed;
    private final double pitch;
    private final double lobuleScale;
    private final double membraneHalfWidth;
    private final double nucleusHalfLength;
    private final double nucleusHalfThickness;
    private final double threshold;

    /** One adipocyte: its site, whether it is fat, and its nucleus's centre and long axis (zero for none). */
    private record Cell(double x, double y, boolean fat, double nucleusX, double nucleusY, double alongX,
                        double alongY) {
    }

    private AdiposeTissue(SyntheticSlideSpec spec, TissueField tissue, List<LesionShape> lesions) {
        this.tissue = tissue;
        this.lesions = lesions;
        seed = Hash.derive(spec.seed(), "fat");
        lobules = new ValueNoise(Hash.mix(seed));
        double mpp = spec.mpp();
        pitch = CELL_PITCH_UM / mpp;
        lobuleScale = LOBULE_SCALE_UM / mpp;
        membraneHalfWidth = MEMBRANE_UM / 2 / mpp;
        nucleusHalfLength = NUCLEUS_LENGTH_UM / 2 / mpp;
        nucleusHalfThickness = NUCLEUS_THICKNESS_UM / 2 / mpp;
        threshold = calibrate(spec);
    }

    /** The slide's fat, or null when its appearance has none. */
    static AdiposeTissue plan(SyntheticSlideSpec spec, TissueField tissue, List<LesionShape> lesions) {
        return spec.appearance().fat() ? new AdiposeTissue(spec, tissue, lesions) : null;
    }

    /** Paints the fat cells over the canvas's tissue pixels (after the nuclei: fat replaces that tissue). */
    void paint(Canvas canvas, GlassPattern glass) {
        Cells cells = new Cells(canvas.x0, canvas.y0, canvas.x0 + canvas.w, canvas.y0 + canvas.h);
        if (!cells.anyFat) {
            return;
        }
        // Which table column and row each pixel's grid cell is: one division per column and row, not per pixel.
        int[] columnOf = new int[canvas.w];
        for (int i = 0; i < canvas.w; i++) {
            columnOf[i] = cells.column(canvas.x0 + i);
        }
        for (int j = 0; j < canvas.h; j++) {
            long y = canvas.y0 + j;
            int rowStart = cells.row(y) * cells.columns;
            for (int i = 0; i < canvas.w; i++) {
                int around = rowStart + columnOf[i];
                if (!cells.fatAround[around] || !canvas.tissue[j * canvas.w + i]) {
                    continue;
                }
                long x = canvas.x0 + i;
                int nearest = cells.nearest(around, x, y);
                Cell cell = cells.cells[nearest];
                if (!cell.fat) {
                    continue;
                }
                // The emptied cell shows the glass through it, faintly tinted.
                int grey = glass.grey(x, y) & 0xff;
                canvas.set(i, j, grey, grey - 4, grey - 2);
                double wall = membraneHalfWidth + 0.5 - cells.distanceToWall(around, nearest, x, y);
                if (wall > 0) {
                    canvas.blend(i, j, MEMBRANE[0], MEMBRANE[1], MEMBRANE[2], Math.min(wall, 1));
                }
                double nucleus = nucleusCoverage(cell, x, y);
                if (nucleus > 0) {
                    canvas.blend(i, j, NUCLEUS[0], NUCLEUS[1], NUCLEUS[2], nucleus * NUCLEUS_OPACITY);
                }
            }
        }
    }

    /** Whether level-0 pixel (x, y) is fat: the same decision {@link #paint} makes. */
    boolean isFat(long x, long y) {
        if (!tissue.isTissue(x, y)) {
            return false;
        }
        Cells cells = new Cells(x, y, x + 1, y + 1);
        int around = cells.row(y) * cells.columns + cells.column(x);
        return cells.cells[cells.nearest(around, x, y)].fat;
    }

    /** The flattened nucleus: an ellipse lying along the wall, with a soft edge about a pixel wide. */
    private double nucleusCoverage(Cell cell, double x, double y) {
        if (cell.alongX == 0 && cell.alongY == 0) {
            return 0;
        }
        double dx = x - cell.nucleusX;
        double dy = y - cell.nucleusY;
        double along = (dx * cell.alongX + dy * cell.alongY) / nucleusHalfLength;
        double across = (dy * cell.alongX - dx * cell.alongY) / nucleusHalfThickness;
        double rho2 = along * along + across * across;
        if (rho2 >= 4) {
            return 0;
        }
        double edge = (1 - Math.sqrt(rho2)) * nucleusHalfThickness + 0.5;
        return Math.clamp(edge, 0, 1);
    }

    private double siteX(long cellX, long cellY) {
        return (cellX + (1 - SITE_JITTER) / 2 + SITE_JITTER * Hash.unit(Hash.of(seed, cellX, cellY))) * pitch;
    }

    private double siteY(long cellX, long cellY) {
        return (cellY + (1 - SITE_JITTER) / 2 + SITE_JITTER * Hash.unit(Hash.mix(Hash.of(seed, cellX, cellY))))
                * pitch;
    }

    private Cell cell(long cellX, long cellY) {
        double x = siteX(cellX, cellY);
        double y = siteY(cellX, cellY);
        double depth = tissue.valueAt((long) Math.floor(x), (long) Math.floor(y));
        boolean fat = depth > 0 && fatness(x, y, depth) > threshold && clearOfLesions(x, y);
        if (!fat) {
            return new Cell(x, y, false, 0, 0, 0, 0);
        }
        long h = Hash.mix(Hash.mix(Hash.of(seed, cellX, cellY)));
        if (Hash.unit(h) >= NUCLEUS_SHARE) {
            return new Cell(x, y, true, 0, 0, 0, 0);
        }
        // Against the wall towards one of the four grid neighbours, just inside the membrane.
        int side = (int) (Hash.mix(h) >>> 62);
        long otherX = cellX + (side == 0 ? 1 : side == 1 ? -1 : 0);
        long otherY = cellY + (side == 2 ? 1 : side == 3 ? -1 : 0);
        double towardsX = siteX(otherX, otherY) - x;
        double towardsY = siteY(otherX, otherY) - y;
        double length = Math.sqrt(towardsX * towardsX + towardsY * towardsY);
        double ux = towardsX / length;
        double uy = towardsY / length;
        double offset = length / 2 - membraneHalfWidth - nucleusHalfThickness;
        return new Cell(x, y, true, x + ux * offset, y + uy * offset, -uy, ux);
    }

    /** Lobule noise less the pull of deep tissue: high towards the outline, where perinodal fat lies. */
    private double fatness(double x, double y, double depth) {
        return lobules.fractal(x / lobuleScale, y / lobuleScale, 2) - PERIPHERY_PULL * depth;
    }

    private boolean clearOfLesions(double x, double y) {
        double clearance = LESION_CLEARANCE_PITCHES * pitch;
        for (LesionShape lesion : lesions) {
            double dx = x - lesion.centreX();
            double dy = y - lesion.centreY();
            double reach = lesion.outerRadius() + clearance;
            if (dx * dx + dy * dy < reach * reach) {
                return false;
            }
        }
        return true;
    }

    /** The fatness exceeded by {@link #FAT_SHARE} of a regular sample of the tissue. */
    private double calibrate(SyntheticSlideSpec spec) {
        double[] samples = new double[CALIBRATION_SAMPLES * CALIBRATION_SAMPLES];
        int count = 0;
        for (int j = 0; j < CALIBRATION_SAMPLES; j++) {
            for (int i = 0; i < CALIBRATION_SAMPLES; i++) {
                double x = (i + 0.5) * spec.width() / CALIBRATION_SAMPLES;
                double y = (j + 0.5) * spec.height() / CALIBRATION_SAMPLES;
                double depth = tissue.valueAt((long) x, (long) y);
                if (depth > 0) {
                    samples[count++] = fatness(x, y, depth);
                }
            }
        }
        if (count == 0) {
            return Double.POSITIVE_INFINITY;
        }
        Arrays.sort(samples, 0, count);
        return samples[(int) ((1 - FAT_SHARE) * (count - 1))];
    }

    /** The adipocytes around a region: its grid cells and one more all round, where nearest sites can lie. */
    private final class Cells {
        private final long firstX;
        private final long firstY;
        private final int columns;
        private final Cell[] cells;
        /** Whether a cell or one of its eight neighbours is fat: only pixels in such cells can be fat. */
        private final boolean[] fatAround;
        private final boolean anyFat;

        Cells(long x0, long y0, long x1, long y1) {
            firstX = cellOf(x0) - 1;
            firstY = cellOf(y0) - 1;
            columns = (int) (cellOf(x1 - 1) + 1 - firstX + 1);
            int rows = (int) (cellOf(y1 - 1) + 1 - firstY + 1);
            cells = new Cell[columns * rows];
            boolean fat = false;
            for (int row = 0; row < rows; row++) {
                for (int column = 0; column < columns; column++) {
                    Cell cell = cell(firstX + column, firstY + row);
                    cells[row * columns + column] = cell;
                    fat |= cell.fat;
                }
            }
            anyFat = fat;
            fatAround = new boolean[cells.length];
            for (int row = 1; row < rows - 1; row++) {
                for (int column = 1; column < columns - 1; column++) {
                    int centre = row * columns + column;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            fatAround[centre] |= cells[centre + dy * columns + dx].fat;
                        }
                    }
                }
            }
        }

        int column(long x) {
            return (int) (cellOf(x) - firstX);
        }

        int row(long y) {
            return (int) (cellOf(y) - firstY);
        }

        private long cellOf(double coordinate) {
            return (long) Math.floor(coordinate / pitch);
        }

        /** Index of the cell whose site is nearest to (x, y), among the 3 x 3 around {@code around}, the pixel's. */
        int nearest(int around, long x, long y) {
            int best = around;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int index = around + dy * columns + dx;
                    double distance = distance2(cells[index], x, y);
                    if (distance < bestDistance) {
                        best = index;
                        bestDistance = distance;
                    }
                }
            }
            return best;
        }

        /**
         * Distance from (x, y) to the nearest wall of cell {@code own}: to the bisector between its site and
         * another site around the pixel. Bisectors clearly farther than the membrane skip the square root.
         */
        double distanceToWall(int around, int own, long x, long y) {
            Cell cell = cells[own];
            double ownDistance = distance2(cell, x, y);
            // The distance is (d² - d0²) / (2 |s - s0|), and sites around a pixel lie under 3 pitches apart.
            double farDifference = 6 * pitch * (membraneHalfWidth + 1);
            double wall = Double.POSITIVE_INFINITY;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int index = around + dy * columns + dx;
                    double difference = distance2(cells[index], x, y) - ownDistance;
                    if (index == own || difference >= farDifference) {
                        continue;
                    }
                    double sx = cells[index].x - cell.x;
                    double sy = cells[index].y - cell.y;
                    wall = Math.min(wall, difference / (2 * Math.sqrt(sx * sx + sy * sy)));
                }
            }
            return wall;
        }

        private static double distance2(Cell cell, long x, long y) {
            double dx = x - cell.x;
            double dy = y - cell.y;
            return dx * dx + dy * dy;
        }
    }
}
