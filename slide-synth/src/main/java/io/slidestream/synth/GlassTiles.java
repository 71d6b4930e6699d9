package io.slidestream.synth;

import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Finds the tiles that show nothing but glass, at every level, and encodes such a tile only once per
 * level: on a typical slide that is half of all tiles. A level-0 tile is glass when the renderer says
 * so; a lower-level tile is glass when every level-0 tile under it is, and it lies wholly inside the
 * image (edge tiles hold padding and edge-replicated pixels, so they differ).
 */
final class GlassTiles {
    private final PyramidLevel base;
    private final boolean[] glassAtBase;
    private final AtomicReferenceArray<byte[]> encodedByLevel;

    GlassTiles(List<PyramidLevel> levels) {
        base = levels.getFirst();
        glassAtBase = new boolean[base.tileCount()];
        encodedByLevel = new AtomicReferenceArray<>(levels.size());
    }

    /** Records what the renderer found for level-0 tile (column, row); call before lower levels ask. */
    void markBase(int column, int row, boolean glass) {
        glassAtBase[row * base.tilesAcross() + column] = glass;
    }

    boolean isGlass(PyramidLevel level, int column, int row) {
        int span = 1 << level.index();
        long footprint = (long) level.tileSize() * span;
        if ((column + 1) * footprint > base.width() || (row + 1) * footprint > base.height()) {
            return false;
        }
        for (int r = row * span; r < (row + 1) * span; r++) {
            for (int c = column * span; c < (column + 1) * span; c++) {
                if (!glassAtBase[r * base.tilesAcross() + c]) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The JPEG of a glass tile of this level: encoded by the first caller, reused after. Two threads
     * may both encode the first one; they produce the same bytes, so the output stays deterministic.
     */
    byte[] encoded(int level, Supplier<byte[]> encode) {
        byte[] known = encodedByLevel.get(level);
        if (known != null) {
            return known;
        }
        byte[] fresh = encode.get();
        encodedByLevel.compareAndSet(level, null, fresh);
        return encodedByLevel.get(level);
    }
}
