package io.slidestream.synth;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes tiles as complete baseline JPEG streams (JFIF, YCbCr, 2x2 chroma subsampling: the JDK
 * writer's default). Each tile carries its own tables, so the TIFF needs no JPEGTables tag and libtiff
 * decodes every tile on its own. Not thread-safe: one per thread.
 */
final class JpegTileEncoder implements AutoCloseable {
    private final ImageWriter writer;
    private final ImageWriteParam param;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);

    JpegTileEncoder(int quality) {
        writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality / 100f);
    }

    byte[] encode(BufferedImage tile) {
        buffer.reset();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(buffer)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(tile, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding of a tile failed", e);
        }
        return buffer.toByteArray();
    }

    @Override
    public void close() {
        writer.dispose();
    }
}
