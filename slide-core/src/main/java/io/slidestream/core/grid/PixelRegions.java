package io.slidestream.core.grid;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * Connected regions of a binary raster (a score grid, a truth mask) and their size, measured one way for the
 * aggregator's lesions and the evaluation's truth so that both sides of a comparison use the same ruler:
 * 8-connected components (diagonal neighbours join, as CAMELYON16's {@code measure.label(connectivity=2)})
 * and the largest diameter as the longest distance between corners of the region's pixels (the diameter of
 * their convex hull, what staging calls the largest extent).
 */
public final class PixelRegions {

    private PixelRegions() {
    }

    /**
     * Component label per pixel, row-major: 0 for background, 1..n in the order of each component's first
     * pixel in row-major order.
     */
    public static int[] label(boolean[] set, int width, int height) {
        if ((long) width * height != set.length) {
            throw new IllegalArgumentException(set.length + " flags for a " + width + "x" + height + " raster");
        }
        int[] labels = new int[set.length];
        int[] stack = new int[set.length];
        int next = 0;
        for (int start = 0; start < set.length; start++) {
            if (!set[start] || labels[start] != 0) {
                continue;
            }
            int label = ++next;
            int top = 0;
            stack[top++] = start;
            labels[start] = label;
            while (top > 0) {
                int p = stack[--top];
                int x = p % width;
                int y = p / width;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx;
                        int ny = y + dy;
                        if (nx < 0 || ny < 0 || nx >= width || ny >= height) {
                            continue;
                        }
                        int q = ny * width + nx;
                        if (set[q] && labels[q] == 0) {
                            labels[q] = label;
                            stack[top++] = q;
                        }
                    }
                }
            }
        }
        return labels;
    }

    /** The pixels of each labelled component, row-major ascending; index 0 is component 1. */
    public static List<int[]> members(int[] labels) {
        int count = 0;
        for (int label : labels) {
            count = Math.max(count, label);
        }
        int[] sizes = new int[count];
        for (int label : labels) {
            if (label > 0) {
                sizes[label - 1]++;
            }
        }
        List<int[]> members = new ArrayList<>(count);
        for (int size : sizes) {
            members.add(new int[size]);
        }
        int[] filled = new int[count];
        for (int p = 0; p < labels.length; p++) {
            if (labels[p] > 0) {
                members.get(labels[p] - 1)[filled[labels[p] - 1]++] = p;
            }
        }
        return members;
    }

    /** The 8-connected components of {@code set}, each as its pixels row-major ascending. */
    public static List<int[]> components(boolean[] set, int width, int height) {
        return members(label(set, width, height));
    }

    /**
     * The longest distance between two corners of the region's pixels. Only the first and last pixel of each
     * row can carry a vertex of the convex hull, so only their corners are compared.
     *
     * @param pixels row-major ascending indices into a raster {@code width} wide
     * @param edgeX  position of the left edge of column {@code col} (column {@code col + 1}'s is its right edge)
     * @param edgeY  position of the top edge of row {@code row}
     */
    public static double largestDiameter(int[] pixels, int width, IntToDoubleFunction edgeX, IntToDoubleFunction edgeY) {
        List<double[]> corners = new ArrayList<>();
        int i = 0;
        while (i < pixels.length) {
            int row = pixels[i] / width;
            int first = pixels[i] % width;
            while (i + 1 < pixels.length && pixels[i + 1] / width == row) {
                i++;
            }
            int last = pixels[i] % width;
            double top = edgeY.applyAsDouble(row);
            double bottom = edgeY.applyAsDouble(row + 1);
            double left = edgeX.applyAsDouble(first);
            double right = edgeX.applyAsDouble(last + 1);
            corners.add(new double[] {left, top});
            corners.add(new double[] {left, bottom});
            corners.add(new double[] {right, top});
            corners.add(new double[] {right, bottom});
            i++;
        }
        double longest2 = 0;
        for (int a = 0; a < corners.size(); a++) {
            for (int b = a + 1; b < corners.size(); b++) {
                double dx = corners.get(a)[0] - corners.get(b)[0];
                double dy = corners.get(a)[1] - corners.get(b)[1];
                longest2 = Math.max(longest2, dx * dx + dy * dy);
            }
        }
        return Math.sqrt(longest2);
    }
}
