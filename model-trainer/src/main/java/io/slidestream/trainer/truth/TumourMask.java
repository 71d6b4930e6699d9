package io.slidestream.trainer.truth;

import io.slidestream.synth.GroundTruth;

/**
 * A binary tumour mask laid over a slide's level-0 frame: mask pixel (i, j) stands for the level-0 block
 * from (i·scaleX, j·scaleY) to ((i+1)·scaleX, (j+1)·scaleY). Every source of truth (a generated slide's
 * masks, ASAP XML, a mask image of any size) ends up as one of these, so the metrics have one input.
 * The scale may differ per axis and need not be whole, because a mask image may have any size.
 */
public final class TumourMask {
    private final int width;
    private final int height;
    private final double scaleX;
    private final double scaleY;
    private final boolean[] tumour;

    /**
     * @param tumour row-major, {@code width × height}; kept, not copied
     */
    public TumourMask(int width, int height, double scaleX, double scaleY, boolean[] tumour) {
        if (width <= 0 || height <= 0 || tumour.length != (long) width * height) {
            throw new IllegalArgumentException(width + "x" + height + " mask with " + tumour.length + " pixels");
        }
        if (!(scaleX > 0) || !(scaleY > 0)) {
            throw new IllegalArgumentException("scale must be positive, got " + scaleX + " x " + scaleY);
        }
        this.width = width;
        this.height = height;
        this.scaleX = scaleX;
        this.scaleY = scaleY;
        this.tumour = tumour;
    }

    /**
     * A generated slide's tumour mask at its own resolution, read back through {@link GroundTruth#isTumour}
     * at each mask pixel's centre (the point the generator sampled it at).
     */
    public static TumourMask of(GroundTruth truth) {
        int d = truth.maskDownsample();
        boolean[] tumour = new boolean[truth.maskWidth() * truth.maskHeight()];
        for (int j = 0; j < truth.maskHeight(); j++) {
            long y = Math.min((long) j * d + d / 2, truth.height() - 1);
            for (int i = 0; i < truth.maskWidth(); i++) {
                long x = Math.min((long) i * d + d / 2, truth.width() - 1);
                tumour[j * truth.maskWidth() + i] = truth.isTumour(x, y);
            }
        }
        return new TumourMask(truth.maskWidth(), truth.maskHeight(), d, d, tumour);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Level-0 pixels per mask pixel along x. */
    public double scaleX() {
        return scaleX;
    }

    /** Level-0 pixels per mask pixel along y. */
    public double scaleY() {
        return scaleY;
    }

    /** Mask pixel (i, j); false outside the mask. */
    public boolean get(int i, int j) {
        return i >= 0 && j >= 0 && i < width && j < height && tumour[j * width + i];
    }

    /** Whether the level-0 point lies in a tumour pixel; false outside the mask. */
    public boolean isTumourAt(double x, double y) {
        return get((int) Math.floor(x / scaleX), (int) Math.floor(y / scaleY));
    }

    public boolean isEmpty() {
        for (boolean t : tumour) {
            if (t) {
                return false;
            }
        }
        return true;
    }

    /**
     * The share of the level-0 rectangle that is tumour, counting the mask pixels whose centre lies in it;
     * a rectangle smaller than a mask pixel takes the pixel under its centre.
     */
    public double tumourFraction(double x0, double y0, double w, double h) {
        int i0 = (int) Math.ceil(x0 / scaleX - 0.5);
        int i1 = (int) Math.ceil((x0 + w) / scaleX - 0.5);
        int j0 = (int) Math.ceil(y0 / scaleY - 0.5);
        int j1 = (int) Math.ceil((y0 + h) / scaleY - 0.5);
        if (i1 <= i0 || j1 <= j0) {
            return isTumourAt(x0 + w / 2, y0 + h / 2) ? 1 : 0;
        }
        int inside = 0;
        for (int j = j0; j < j1; j++) {
            for (int i = i0; i < i1; i++) {
                inside += get(i, j) ? 1 : 0;
            }
        }
        return (double) inside / ((long) (i1 - i0) * (j1 - j0));
    }

    /**
     * This mask sampled at the centres of another grid over the same level-0 frame: {@code width × height}
     * pixels of {@code scaleX × scaleY} level-0 pixels each.
     */
    public TumourMask sampledOnto(int width, int height, double scaleX, double scaleY) {
        boolean[] sampled = new boolean[width * height];
        for (int j = 0; j < height; j++) {
            for (int i = 0; i < width; i++) {
                sampled[j * width + i] = isTumourAt((i + 0.5) * scaleX, (j + 0.5) * scaleY);
            }
        }
        return new TumourMask(width, height, scaleX, scaleY, sampled);
    }
}
