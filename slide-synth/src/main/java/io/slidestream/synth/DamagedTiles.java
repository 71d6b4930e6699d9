package io.slidestream.synth;

import io.slidestream.core.slide.Slide;
import io.slidestream.core.slide.jpeg.TiffTiles;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/** Breaks one JPEG tile of a slide file, as a damaged scan or disk would: for tests of what readers make of it. */
public final class DamagedTiles {
    private DamagedTiles() {
    }

    /**
     * Gives tile ({@code column}, {@code row}) of {@code level} a bogus marker length right after its
     * start-of-image marker, which libjpeg refuses ("Bogus marker length").
     */
    public static void breakTile(Path file, int level, int column, int row) throws IOException {
        long width;
        long height;
        try (Slide slide = Slide.openThroughOpenSlide(file)) {
            width = slide.levelWidth(level);
            height = slide.levelHeight(level);
        }
        long offset;
        try (TiffTiles tiff = TiffTiles.open(file)) {
            TiffTiles.TiledImage image = tiff.image(width, height);
            offset = image.offsets()[image.index(column, row)];
        }
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek(offset);
            if (raw.readUnsignedShort() != 0xFFD8) {
                throw new IOException("tile (" + column + ", " + row + ") of level " + level + " is no JPEG stream");
            }
            raw.write(new byte[] {(byte) 0xFF, (byte) 0xDB, 0, 1});
        }
    }
}
