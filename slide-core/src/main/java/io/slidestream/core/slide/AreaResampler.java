package io.slidestream.core.slide;

/**
 * Resizes RGB pixels by area averaging: each output pixel is the mean of the input area it covers,
 * input pixels cut by its edges counting for the part inside. For a whole-number factor that is a plain
 * block mean, which is what a scanner's coarser pyramid level approximates, so a patch resampled from a
 * finer level looks like one read from a level at the target resolution. Separable (rows, then
 * columns), with the weights of each axis computed once. This one serves small windows on the scoring
 * path and may upsample a little; the reader process's {@code AreaAverager} does the same average for a
 * whole slide streamed in bands, with exact integer sums.
 */
public final class AreaResampler {
    private final int sourceHeight;
    private final int targetWidth;
    private final int targetHeight;
    private final Axis columns;
    private final Axis rows;
    /** The horizontal pass's rows, reused from patch to patch: one resampler serves one thread. */
    private final float[] horizontal;

    public AreaResampler(int sourceWidth, int sourceHeight, int targetWidth, int targetHeight) {
        if (sourceWidth <= 0 || sourceHeight <= 0 || targetWidth <= 0 || targetHeight <= 0) {
            throw new IllegalArgumentException("sizes must be positive: " + sourceWidth + "x" + sourceHeight + " -> "
                    + targetWidth + "x" + targetHeight);
        }
        this.sourceHeight = sourceHeight;
        this.targetWidth = targetWidth;
        this.targetHeight = targetHeight;
        this.columns = new Axis(sourceWidth, targetWidth);
        this.rows = new Axis(sourceHeight, targetHeight);
        this.horizontal = new float[sourceHeight * targetWidth * 3];
    }

    /** Resizes a whole image. */
    public static RgbImage resize(RgbImage source, int width, int height) {
        if (source.width() == width && source.height() == height) {
            return source;
        }
        byte[] out = new byte[width * height * 3];
        new AreaResampler(source.width(), source.height(), width, height).resample(source.rgb(), 0, source.width(), out, 0);
        return new RgbImage(width, height, out);
    }

    /**
     * Resamples the source window whose top-left byte is {@code sourceOffset} in {@code source} (rows of
     * {@code sourceStride} pixels) into {@code target} from {@code targetOffset}, packed rows. Not
     * thread-safe: the scratch rows belong to this resampler.
     */
    public void resample(byte[] source, int sourceOffset, int sourceStride, byte[] target, int targetOffset) {
        // Horizontal pass into floats: sourceHeight rows of targetWidth pixels.
        for (int y = 0; y < sourceHeight; y++) {
            int rowStart = sourceOffset + y * sourceStride * 3;
            int h = y * targetWidth * 3;
            for (int x = 0; x < targetWidth; x++, h += 3) {
                float r = 0, g = 0, b = 0;
                for (int k = columns.first[x]; k < columns.first[x + 1]; k++) {
                    int s = rowStart + columns.index[k] * 3;
                    float w = columns.weight[k];
                    r += w * (source[s] & 0xff);
                    g += w * (source[s + 1] & 0xff);
                    b += w * (source[s + 2] & 0xff);
                }
                horizontal[h] = r;
                horizontal[h + 1] = g;
                horizontal[h + 2] = b;
            }
        }
        int stride = targetWidth * 3;
        for (int y = 0; y < targetHeight; y++) {
            int o = targetOffset + y * stride;
            for (int i = 0; i < stride; i++) {
                float v = 0;
                for (int k = rows.first[y]; k < rows.first[y + 1]; k++) {
                    v += rows.weight[k] * horizontal[rows.index[k] * stride + i];
                }
                target[o + i] = (byte) Math.min(255, Math.round(v));
            }
        }
    }

    /** For each target index, the source indices it covers and their weights (summing to 1). */
    private static final class Axis {
        final int[] first;
        final int[] index;
        final float[] weight;

        Axis(int source, int target) {
            double scale = (double) source / target;
            first = new int[target + 1];
            int[] idx = new int[source + 2 * target];
            float[] w = new float[idx.length];
            int n = 0;
            for (int t = 0; t < target; t++) {
                first[t] = n;
                double start = t * scale;
                double end = (t + 1) * scale;
                for (int s = (int) Math.floor(start); s < Math.min(source, (int) Math.ceil(end)); s++) {
                    double overlap = Math.min(end, s + 1) - Math.max(start, s);
                    if (overlap > 1e-9) {
                        idx[n] = s;
                        w[n] = (float) (overlap / scale);
                        n++;
                    }
                }
            }
            first[target] = n;
            index = java.util.Arrays.copyOf(idx, n);
            weight = java.util.Arrays.copyOf(w, n);
        }
    }
}
