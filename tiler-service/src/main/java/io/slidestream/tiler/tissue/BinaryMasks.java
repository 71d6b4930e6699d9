package io.slidestream.tiler.tissue;

import boofcv.alg.filter.binary.BinaryImageOps;
import boofcv.alg.filter.binary.LinearContourLabelChang2004;
import boofcv.struct.ConnectRule;
import boofcv.struct.image.GrayS32;
import boofcv.struct.image.GrayU8;

/**
 * Clean-up of a 0/1 mask with BoofCV: morphology with a square structuring element of side
 * {@code 2 × radius + 1} (repeated 3×3 passes) and connected-component filters. Everything outside
 * the image counts as background.
 */
final class BinaryMasks {
    private BinaryMasks() {
    }

    /** Dilation then erosion: bridges gaps and fills notches narrower than the element. */
    static GrayU8 close(GrayU8 mask, int radius) {
        if (radius <= 0) {
            return mask;
        }
        // Pad so that erosion does not eat tissue that touches the image edge.
        GrayU8 padded = pad(mask, radius);
        GrayU8 closed = BinaryImageOps.erode8(BinaryImageOps.dilate8(padded, radius, null), radius, null);
        return closed.subimage(radius, radius, radius + mask.width, radius + mask.height).clone();
    }

    /** Erosion then dilation: removes specks and strands thinner than the element. */
    static GrayU8 open(GrayU8 mask, int radius) {
        if (radius <= 0) {
            return mask;
        }
        return BinaryImageOps.dilate8(BinaryImageOps.erode8(mask, radius, null), radius, null);
    }

    /** Clears 8-connected foreground components smaller than {@code minPixels}. */
    static GrayU8 removeSmallObjects(GrayU8 mask, long minPixels) {
        if (minPixels <= 1) {
            return mask;
        }
        GrayS32 labels = new GrayS32(mask.width, mask.height);
        int count = label(mask, ConnectRule.EIGHT, labels);
        long[] areas = areas(labels, count);
        boolean[] keep = new boolean[count + 1];
        for (int label = 1; label <= count; label++) {
            keep[label] = areas[label] >= minPixels;
        }
        return BinaryImageOps.labelToBinary(labels, new GrayU8(mask.width, mask.height), keep);
    }

    /**
     * Sets background components smaller than {@code maxPixels} that do not touch the image edge: the
     * holes. Background is 4-connected, the dual of the 8-connected foreground, so a hole is exactly
     * what an 8-connected object encloses.
     */
    static GrayU8 fillSmallHoles(GrayU8 mask, long maxPixels) {
        if (maxPixels <= 0) {
            return mask;
        }
        GrayU8 background = new GrayU8(mask.width, mask.height);
        for (int i = 0; i < mask.data.length; i++) {
            background.data[i] = (byte) (mask.data[i] == 0 ? 1 : 0);
        }
        GrayS32 labels = new GrayS32(mask.width, mask.height);
        int count = label(background, ConnectRule.FOUR, labels);
        long[] areas = areas(labels, count);
        boolean[] fill = new boolean[count + 1];
        for (int label = 1; label <= count; label++) {
            fill[label] = areas[label] < maxPixels;
        }
        int w = mask.width;
        int h = mask.height;
        for (int x = 0; x < w; x++) {
            fill[labels.data[x]] = false;
            fill[labels.data[(h - 1) * w + x]] = false;
        }
        for (int y = 0; y < h; y++) {
            fill[labels.data[y * w]] = false;
            fill[labels.data[y * w + w - 1]] = false;
        }
        GrayU8 filled = mask.clone();
        for (int i = 0; i < filled.data.length; i++) {
            if (fill[labels.data[i]]) {
                filled.data[i] = 1;
            }
        }
        return filled;
    }

    private static int label(GrayU8 binary, ConnectRule rule, GrayS32 labels) {
        LinearContourLabelChang2004 labeller = new LinearContourLabelChang2004(rule);
        labeller.setSaveInternalContours(false);
        labeller.process(binary, labels);
        return labeller.getContours().size();
    }

    /** Pixels per label; index 0 is the background. */
    private static long[] areas(GrayS32 labels, int count) {
        long[] areas = new long[count + 1];
        for (int label : labels.data) {
            areas[label]++;
        }
        return areas;
    }

    private static GrayU8 pad(GrayU8 mask, int border) {
        GrayU8 padded = new GrayU8(mask.width + 2 * border, mask.height + 2 * border);
        padded.subimage(border, border, border + mask.width, border + mask.height).setTo(mask);
        return padded;
    }
}
