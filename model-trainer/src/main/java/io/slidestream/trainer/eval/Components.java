package io.slidestream.trainer.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * 8-connected components of a binary grid (diagonal neighbours join, as in the aggregator's lesions and
 * the CAMELYON16 evaluation's {@code measure.label(connectivity=2)}).
 */
final class Components {

    private Components() {
    }

    /**
     * Component label per pixel, row-major: 0 for background, 1..n in the order of each component's first
     * pixel in row-major order.
     */
    static int[] label(boolean[] set, int width, int height) {
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

    /** The pixels of each component, row-major ascending; index 0 is component 1. */
    static List<int[]> members(int[] labels) {
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
}
