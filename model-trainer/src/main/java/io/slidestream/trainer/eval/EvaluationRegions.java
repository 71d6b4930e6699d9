package io.slidestream.trainer.eval;

import io.slidestream.core.grid.PixelRegions;
import io.slidestream.trainer.truth.TumourMask;

import java.util.List;

/**
 * The CAMELYON16 evaluation mask of one slide: the true tumour, grown by {@link #DILATION_UM} (so that a
 * detection just beside a lesion's drawn edge still hits it), holes filled, split
 * into 8-connected regions. A region whose major axis is under {@link #ITC_BELOW_UM} (200 µm plus the
 * growth) holds only isolated tumour cells: finding it is not rewarded and missing it is not punished.
 * The major axis is the one {@code skimage.measure.regionprops} gives, from the region's second moments,
 * as in the challenge's evaluation script.
 */
public final class EvaluationRegions {
    /**
     * Distance by which the truth grows. The challenge names 75 µm ("five tumour cells") but its evaluation
     * script grows by half that (distance below 75 / (µm per pixel · 2)); the script made the published
     * scores, so it is followed here.
     */
    public static final double DILATION_UM = 37.5;
    /** A region with a shorter major axis is isolated tumour cells. */
    public static final double ITC_BELOW_UM = 275;

    private final TumourMask grid;
    private final int[] labels;
    private final boolean[] itc;

    private EvaluationRegions(TumourMask grid, int[] labels, boolean[] itc) {
        this.grid = grid;
        this.labels = labels;
        this.itc = itc;
    }

    /**
     * @param truth  the true tumour
     * @param mpp    µm per level-0 pixel
     * @param umPerPixel the evaluation grid's pixel edge in µm (the challenge used level 5, about 7.8 µm)
     */
    public static EvaluationRegions of(TumourMask truth, double mpp, double umPerPixel) {
        double scale = Math.max(1, umPerPixel / mpp);
        int width = (int) Math.ceil(truth.width() * truth.scaleX() / scale);
        int height = (int) Math.ceil(truth.height() * truth.scaleY() / scale);
        TumourMask grid = truth.sampledOnto(width, height, scale, scale);
        boolean[] tumour = new boolean[width * height];
        for (int j = 0; j < height; j++) {
            for (int i = 0; i < width; i++) {
                tumour[j * width + i] = grid.get(i, j);
            }
        }
        double pixelUm = scale * mpp;
        boolean[] grown = fillHoles(dilate(tumour, width, height, DILATION_UM / pixelUm), width, height);
        int[] labels = PixelRegions.label(grown, width, height);
        List<int[]> regions = PixelRegions.members(labels);
        boolean[] itc = new boolean[regions.size()];
        for (int r = 0; r < regions.size(); r++) {
            itc[r] = majorAxisPx(regions.get(r), width) * pixelUm < ITC_BELOW_UM;
        }
        return new EvaluationRegions(grid, labels, itc);
    }

    /** Number of regions, ITC ones included. */
    public int count() {
        return itc.length;
    }

    /** Whether region {@code label} (1-based) holds only isolated tumour cells. */
    public boolean isItc(int label) {
        return itc[label - 1];
    }

    /** Regions that count: all but the ITC ones. */
    public int countedLesions() {
        int n = 0;
        for (boolean i : itc) {
            n += i ? 0 : 1;
        }
        return n;
    }

    /** The region (1-based) under the level-0 point, 0 when it is outside every region. */
    public int regionAt(double x, double y) {
        int i = (int) Math.floor(x / grid.scaleX());
        int j = (int) Math.floor(y / grid.scaleY());
        return i < 0 || j < 0 || i >= grid.width() || j >= grid.height() ? 0 : labels[j * grid.width() + i];
    }

    /**
     * Every pixel whose centre is within {@code radius} pixels of a tumour pixel's centre. Only the tumour's
     * edge pixels are stamped with the disc: inner ones add nothing, and a lesion has far fewer edge pixels.
     */
    static boolean[] dilate(boolean[] set, int width, int height, double radius) {
        boolean[] out = set.clone();
        int r = (int) Math.floor(radius);
        double r2 = radius * radius;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (!set[y * width + x] || !onEdge(set, width, height, x, y)) {
                    continue;
                }
                for (int dy = -r; dy <= r; dy++) {
                    int ny = y + dy;
                    if (ny < 0 || ny >= height) {
                        continue;
                    }
                    for (int dx = -r; dx <= r; dx++) {
                        int nx = x + dx;
                        if (nx >= 0 && nx < width && dx * dx + dy * dy <= r2) {
                            out[ny * width + nx] = true;
                        }
                    }
                }
            }
        }
        return out;
    }

    private static boolean onEdge(boolean[] set, int width, int height, int x, int y) {
        return x == 0 || y == 0 || x == width - 1 || y == height - 1 || !set[y * width + x - 1]
                || !set[y * width + x + 1] || !set[(y - 1) * width + x] || !set[(y + 1) * width + x];
    }

    /** Background that cannot reach the grid's border through background (4-connected) becomes set. */
    static boolean[] fillHoles(boolean[] set, int width, int height) {
        boolean[] outside = new boolean[set.length];
        int[] stack = new int[set.length];
        int top = 0;
        for (int x = 0; x < width; x++) {
            top = seed(set, outside, stack, top, x);
            top = seed(set, outside, stack, top, (height - 1) * width + x);
        }
        for (int y = 0; y < height; y++) {
            top = seed(set, outside, stack, top, y * width);
            top = seed(set, outside, stack, top, y * width + width - 1);
        }
        while (top > 0) {
            int p = stack[--top];
            int x = p % width;
            int y = p / width;
            if (x > 0) top = seed(set, outside, stack, top, p - 1);
            if (x < width - 1) top = seed(set, outside, stack, top, p + 1);
            if (y > 0) top = seed(set, outside, stack, top, p - width);
            if (y < height - 1) top = seed(set, outside, stack, top, p + width);
        }
        boolean[] filled = new boolean[set.length];
        for (int p = 0; p < set.length; p++) {
            filled[p] = !outside[p];
        }
        return filled;
    }

    private static int seed(boolean[] set, boolean[] outside, int[] stack, int top, int p) {
        if (!set[p] && !outside[p]) {
            outside[p] = true;
            stack[top++] = p;
        }
        return top;
    }

    /**
     * 4·√λ₁, λ₁ the larger eigenvalue of the covariance of the region's pixel centres: the length of the
     * ellipse with the same second moments (a disc of diameter D gives D).
     */
    static double majorAxisPx(int[] pixels, int width) {
        double mx = 0, my = 0;
        for (int p : pixels) {
            mx += p % width;
            my += p / width;
        }
        mx /= pixels.length;
        my /= pixels.length;
        double cxx = 0, cyy = 0, cxy = 0;
        for (int p : pixels) {
            double dx = p % width - mx;
            double dy = p / width - my;
            cxx += dx * dx;
            cyy += dy * dy;
            cxy += dx * dy;
        }
        cxx /= pixels.length;
        cyy /= pixels.length;
        cxy /= pixels.length;
        double lambda1 = (cxx + cyy) / 2 + Math.sqrt((cxx - cyy) * (cxx - cyy) / 4 + cxy * cxy);
        return 4 * Math.sqrt(lambda1);
    }
}
