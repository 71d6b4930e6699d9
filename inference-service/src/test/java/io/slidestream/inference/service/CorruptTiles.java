package io.slidestream.inference.service;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/** Breaks one JPEG tile of a generated tiled TIFF, as a damaged scan or disk would. */
public final class CorruptTiles {
    private static final int TILE_OFFSETS = 324;

    private CorruptTiles() {
    }

    /**
     * Gives tile ({@code column}, {@code row}) of TIFF page {@code page} a bogus marker length right after its
     * start-of-image marker, which libjpeg refuses ("Bogus marker length").
     */
    public static void breakTile(Path tiff, int page, int column, int row) throws IOException {
        long offset;
        ImageReader reader = ImageIO.getImageReadersByFormatName("tiff").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(tiff.toFile())) {
            reader.setInput(in);
            int across = (reader.getWidth(page) + reader.getTileWidth(page) - 1) / reader.getTileWidth(page);
            long[] offsets = TIFFDirectory.createFromMetadata(reader.getImageMetadata(page))
                    .getTIFFField(TILE_OFFSETS).getAsLongs();
            offset = offsets[row * across + column];
        } finally {
            reader.dispose();
        }
        try (RandomAccessFile file = new RandomAccessFile(tiff.toFile(), "rw")) {
            file.seek(offset);
            if (file.readUnsignedShort() != 0xFFD8) {
                throw new IOException("tile (" + column + ", " + row + ") of page " + page + " is no JPEG stream");
            }
            file.write(new byte[] {(byte) 0xFF, (byte) 0xDB, 0, 1});
        }
    }
}
