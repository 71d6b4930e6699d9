package io.slidestream.launcher.bench;

import io.slidestream.core.slide.jpeg.TiffTiles;
import io.slidestream.core.slide.jpeg.TurboJpeg;

import org.junit.jupiter.api.Test;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TurboJPEG binding against the JDK's own JPEG codec. Needs libturbojpeg0 (the test command installs it). */
class TurboJpegTest {

    @Test
    void decodesWhatImageIoWroteToTheSamePixelsWithinRounding() throws IOException {
        BufferedImage image = tissueLike(301, 157, 42);
        byte[] jpeg = jpeg(image, 0.85f);
        BufferedImage reference = ImageIO.read(new ByteArrayInputStream(jpeg));

        TurboJpeg.Decoded decoded;
        try (TurboJpeg tj = TurboJpeg.decompressor()) {
            decoded = tj.decode(jpeg);
        }

        assertEquals(301, decoded.width());
        assertEquals(157, decoded.height());
        assertEquals(301 * 157 * 3, decoded.rgb().length);
        long sum = 0;
        int max = 0;
        for (int y = 0; y < decoded.height(); y++) {
            for (int x = 0; x < decoded.width(); x++) {
                int rgb = reference.getRGB(x, y);
                int at = (y * decoded.width() + x) * 3;
                int[] expected = {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
                for (int c = 0; c < 3; c++) {
                    int difference = Math.abs((decoded.rgb()[at + c] & 0xff) - expected[c]);
                    sum += difference;
                    max = Math.max(max, difference);
                }
            }
        }
        double mean = (double) sum / decoded.rgb().length;
        // Both are libjpeg-family decoders (accurate integer IDCT, fancy upsampling): at most rounding apart.
        assertTrue(max <= 4, "largest channel difference to ImageIO's decode: " + max);
        assertTrue(mean <= 0.5, "mean channel difference to ImageIO's decode: " + mean);
    }

    @Test
    void oneDecompressorDecodesManyStreamsOfDifferentSizes() throws IOException {
        try (TurboJpeg tj = TurboJpeg.decompressor()) {
            for (int size : new int[] {16, 256, 64, 513}) {
                TurboJpeg.Decoded decoded = tj.decode(jpeg(tissueLike(size, size / 2 + 1, size), 0.9f));
                assertEquals(size, decoded.width());
                assertEquals(size / 2 + 1, decoded.height());
            }
        }
    }

    @Test
    void somethingThatIsNotAJpegFailsWithTurboJpegsMessage() {
        byte[] png = "\u0089PNG\r\n\u001a\n not a jpeg at all".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        try (TurboJpeg tj = TurboJpeg.decompressor()) {
            TurboJpeg.TurboJpegException e = assertThrows(TurboJpeg.TurboJpegException.class, () -> tj.decode(png));
            assertTrue(e.getMessage().startsWith("tjDecompressHeader3 failed"), e.getMessage());
            assertTrue(e.libraryMessage().contains("Not a JPEG file"), e.libraryMessage());
            assertTrue(e.getMessage().contains(e.libraryMessage()), e.getMessage());
        }
    }

    @Test
    void aTruncatedJpegFailsWithTurboJpegsMessageAndTheDecompressorStaysUsable() throws IOException {
        byte[] jpeg = jpeg(tissueLike(256, 256, 7), 0.85f);
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);
        try (TurboJpeg tj = TurboJpeg.decompressor()) {
            TurboJpeg.TurboJpegException e = assertThrows(TurboJpeg.TurboJpegException.class,
                    () -> tj.decode(truncated));
            assertTrue(e.getMessage().startsWith("tjDecompress2 failed"), e.getMessage());
            assertTrue(e.libraryMessage().contains("Premature end of JPEG file"), e.libraryMessage());
            assertTrue(e.getMessage().contains(e.libraryMessage()), e.getMessage());

            assertEquals(256, tj.decode(jpeg).width());
        }
    }

    /** A header that fails mid-marker used to leave its parser state in the handle for the next stream. */
    @Test
    void aStreamWithABrokenHeaderDoesNotSpoilTheNextOne() throws IOException {
        byte[] good = jpeg(tissueLike(64, 48, 3), 0.85f);
        byte[] broken = good.clone();
        broken[2] = (byte) 0xFF;
        broken[3] = (byte) 0xDB; // a quantisation table marker...
        broken[4] = 0;
        broken[5] = 1;           // ...of impossible length
        try (TurboJpeg tj = TurboJpeg.decompressor()) {
            TurboJpeg.TurboJpegException e = assertThrows(TurboJpeg.TurboJpegException.class, () -> tj.decode(broken));
            assertTrue(e.libraryMessage().contains("Bogus marker length"), e.libraryMessage());
            TurboJpeg.Decoded decoded = tj.decode(good);
            assertEquals(64, decoded.width());
            assertEquals(48, decoded.height());
        }
    }

    @Test
    void aJpegWithCorruptScanDataFailsWithTurboJpegsMessage() throws IOException {
        byte[] jpeg = jpeg(tissueLike(128, 128, 9), 0.85f);
        byte[] corrupt = jpeg.clone();
        // Markers in the middle of the entropy-coded data: RST7 out of sequence, then a bogus marker.
        int middle = corrupt.length / 2;
        corrupt[middle] = (byte) 0xFF;
        corrupt[middle + 1] = (byte) 0xD7;
        corrupt[middle + 2] = (byte) 0xFF;
        corrupt[middle + 3] = (byte) 0x02;
        try (TurboJpeg tj = TurboJpeg.decompressor()) {
            TurboJpeg.TurboJpegException e = assertThrows(TurboJpeg.TurboJpegException.class, () -> tj.decode(corrupt));
            assertTrue(!e.libraryMessage().isBlank() && e.getMessage().contains(e.libraryMessage()), e.getMessage());
        }
    }

    /** Smooth colour fields with noise, like stained tissue: nothing a decoder can get right by accident. */
    static BufferedImage tissueLike(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = clamp(200 + 40 * Math.sin(x / 17.0) + random.nextGaussian() * 8);
                int g = clamp(120 + 60 * Math.cos(y / 11.0) + random.nextGaussian() * 8);
                int b = clamp(180 + 50 * Math.sin((x + y) / 23.0) + random.nextGaussian() * 8);
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return image;
    }

    static byte[] jpeg(BufferedImage image, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
