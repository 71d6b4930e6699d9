package io.slidestream.core.slide.isolated;

/**
 * Exact area-average (box filter) resampling of a {@code sourceWidth × sourceHeight} RGB image down to
 * {@code targetWidth × targetHeight}, fed in pieces so that the source never has to be in memory at once.
 *
 * <p>Output pixel (i, j) is the average of the source over the rectangle {@code [i·sw/tw, (i+1)·sw/tw) ×
 * [j·sh/th, (j+1)·sh/th)}, partial source pixels weighted by the covered fraction. All weights are
 * integers (lengths in units of 1/(tw·th) source pixel), so the sums are exact and the result is the true
 * average rounded half up, independent of how the source was split into pieces.
 *
 * <p>Feed it row bands top to bottom: {@link #beginBand} for a band of rows, {@link #addPiece} for each
 * piece of the band (any column ranges that together cover every column once), then {@link #endBand}.
 * Memory: the output, the band's horizontally reduced rows (band rows × tw × 3 longs) and two output rows.
 */
final class AreaAverager {
    /** Beyond this many source pixels the exact integer sums could overflow a long. */
    static final long MAX_SOURCE_PIXELS = 1L << 40;

    private final long sourceWidth;
    private final long sourceHeight;
    private final int targetWidth;
    private final int targetHeight;
    private final byte[] out;
    private final long denominator;

    /** Horizontal sums of the current band: bandRows × targetWidth × 3. */
    private long[][] band = new long[0][];
    private long bandY;
    private int bandRows;

    /** Vertical accumulators for output rows {@code row} and {@code row + 1}. */
    private long[] current;
    private long[] next;
    private int row;
    private long nextSourceRow;

    AreaAverager(long sourceWidth, long sourceHeight, int targetWidth, int targetHeight) {
        if (targetWidth < 1 || targetHeight < 1 || sourceWidth < targetWidth || sourceHeight < targetHeight) {
            throw new IllegalArgumentException("cannot area-average " + sourceWidth + "x" + sourceHeight
                    + " down to " + targetWidth + "x" + targetHeight);
        }
        if (sourceWidth > MAX_SOURCE_PIXELS / sourceHeight) {
            throw new IllegalArgumentException(sourceWidth + "x" + sourceHeight + " exceeds " + MAX_SOURCE_PIXELS
                    + " pixels");
        }
        this.sourceWidth = sourceWidth;
        this.sourceHeight = sourceHeight;
        this.targetWidth = targetWidth;
        this.targetHeight = targetHeight;
        this.out = new byte[Math.multiplyExact(Math.multiplyExact(targetWidth, targetHeight), 3)];
        this.denominator = sourceWidth * sourceHeight;
        this.current = new long[targetWidth * 3];
        this.next = new long[targetWidth * 3];
    }

    /** Starts the band of source rows {@code [y, y + rows)}; it must follow the previous band directly. */
    void beginBand(long y, int rows) {
        if (y != nextSourceRow || rows < 1 || y + rows > sourceHeight) {
            throw new IllegalStateException("band of " + rows + " rows at " + y + " does not follow row "
                    + nextSourceRow + " of " + sourceHeight);
        }
        if (band.length < rows) {
            band = new long[rows][targetWidth * 3];
        } else {
            for (int r = 0; r < rows; r++) {
                java.util.Arrays.fill(band[r], 0);
            }
        }
        bandY = y;
        bandRows = rows;
    }

    /**
     * Adds the band's pixels in columns {@code [x, x + width)}: {@code rgb} holds width × band rows × 3
     * bytes, row-major, interleaved R, G, B.
     */
    void addPiece(long x, int width, byte[] rgb) {
        if (x < 0 || width < 1 || x + width > sourceWidth || rgb.length != (long) width * bandRows * 3) {
            throw new IllegalArgumentException("piece of " + width + " columns at " + x + " does not fit");
        }
        // Source column k covers [k·tw, (k+1)·tw), output column i covers [i·sw, (i+1)·sw); tw <= sw. For each
        // output column the piece touches: the source columns wholly inside it (weight tw each, summed as
        // plain ints first) and at most one partial column at either end.
        int firstOutput = (int) (x * targetWidth / sourceWidth);
        int lastOutput = (int) (((x + width) * targetWidth - 1) / sourceWidth);
        int columns = lastOutput - firstOutput + 1;
        int[] fullFrom = new int[columns];
        int[] fullTo = new int[columns];
        int[] headAt = new int[columns];
        long[] headWeight = new long[columns];
        int[] tailAt = new int[columns];
        long[] tailWeight = new long[columns];
        for (int c = 0; c < columns; c++) {
            long lo = (firstOutput + c) * sourceWidth;
            long hi = lo + sourceWidth;
            long from = Math.max(x, lo / targetWidth);                          // first source column touching it
            long to = Math.min(x + width, (hi + targetWidth - 1) / targetWidth); // one past the last
            headAt[c] = -1;
            tailAt[c] = -1;
            if (from * targetWidth < lo) { // the first one sticks out on the left
                headAt[c] = (int) (from - x);
                headWeight[c] = Math.min(hi, (from + 1) * targetWidth) - lo;
                from++;
            }
            if (to > from && to * targetWidth > hi) { // the last one sticks out on the right
                tailAt[c] = (int) (to - 1 - x);
                tailWeight[c] = hi - (to - 1) * targetWidth;
                to--;
            }
            fullFrom[c] = (int) (from - x);
            fullTo[c] = (int) Math.max(from, to) - (int) x;
        }
        long full = targetWidth;
        for (int r = 0; r < bandRows; r++) {
            long[] sums = band[r];
            int row = r * width * 3;
            for (int c = 0; c < columns; c++) {
                int red = 0;
                int green = 0;
                int blue = 0;
                for (int p = row + fullFrom[c] * 3, end = row + fullTo[c] * 3; p < end; p += 3) {
                    red += rgb[p] & 0xff;
                    green += rgb[p + 1] & 0xff;
                    blue += rgb[p + 2] & 0xff;
                }
                long sr = full * red;
                long sg = full * green;
                long sb = full * blue;
                if (headAt[c] >= 0) {
                    int p = row + headAt[c] * 3;
                    sr += headWeight[c] * (rgb[p] & 0xff);
                    sg += headWeight[c] * (rgb[p + 1] & 0xff);
                    sb += headWeight[c] * (rgb[p + 2] & 0xff);
                }
                if (tailAt[c] >= 0) {
                    int p = row + tailAt[c] * 3;
                    sr += tailWeight[c] * (rgb[p] & 0xff);
                    sg += tailWeight[c] * (rgb[p + 1] & 0xff);
                    sb += tailWeight[c] * (rgb[p + 2] & 0xff);
                }
                int o = (firstOutput + c) * 3;
                sums[o] += sr;
                sums[o + 1] += sg;
                sums[o + 2] += sb;
            }
        }
    }

    /** Folds the finished band into the output rows; rows it completes are written out. */
    void endBand() {
        for (int r = 0; r < bandRows; r++) {
            long y = bandY + r;
            long lo = y * targetHeight;
            long hi = lo + targetHeight;
            int j = (int) (lo / sourceHeight);
            while (row < j) {
                finishRow();
            }
            long boundary = (j + 1L) * sourceHeight;
            long w = Math.min(hi, boundary) - lo;
            long w2 = hi > boundary ? hi - boundary : 0;
            long[] sums = band[r];
            for (int o = 0; o < sums.length; o++) {
                current[o] += w * sums[o];
                if (w2 != 0) {
                    next[o] += w2 * sums[o];
                }
            }
        }
        nextSourceRow = bandY + bandRows;
        bandRows = 0;
    }

    /** The output; every source row must have been added. */
    byte[] result() {
        if (nextSourceRow != sourceHeight) {
            throw new IllegalStateException("only " + nextSourceRow + " of " + sourceHeight + " rows were added");
        }
        while (row < targetHeight) {
            finishRow();
        }
        return out;
    }

    private void finishRow() {
        int base = row * targetWidth * 3;
        long half = denominator / 2;
        for (int o = 0; o < current.length; o++) {
            out[base + o] = (byte) ((current[o] + half) / denominator);
        }
        long[] done = current;
        current = next;
        next = done;
        java.util.Arrays.fill(next, 0);
        row++;
    }
}
