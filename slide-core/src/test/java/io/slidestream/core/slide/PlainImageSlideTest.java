package io.slidestream.core.slide;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlainImageSlideTest {

    /** A BreakHis-sized photograph: pink left half, purple right half. */
    private static BufferedImage photograph() {
        BufferedImage image = new BufferedImage(700, 460, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(230, 150, 190));
        g.fillRect(0, 0, 350, 460);
        g.setColor(new Color(110, 60, 150));
        g.fillRect(350, 0, 350, 460);
        g.dispose();
        return image;
    }

    @Test
    void pngJpegAndFlatTiffOpenAsOneLevelSlidesWithoutAResolution(@TempDir Path dir) throws IOException {
        for (String format : new String[] {"png", "jpeg", "tiff"}) {
            Path file = dir.resolve("photo." + format);
            assertTrue(ImageIO.write(photograph(), format, file.toFile()), format);
            try (Slide slide = Slide.open(file)) {
                assertEquals(1, slide.levelCount(), format);
                assertEquals(700, slide.width());
                assertEquals(460, slide.height());
                assertEquals(0, slide.mppX());
                assertTrue(slide.plainImage());
                assertTrue(slide.vendor().startsWith("image/"), slide.vendor());
                assertTrue(slide.associatedImageNames().isEmpty());
                assertEquals(0, slide.bestLevelForDownsample(32));
                RgbImage region = slide.read(new RegionRequest(0, 340, 10, 20, 4));
                int left = region.rgbAt(0, 0);
                int right = region.rgbAt(19, 0);
                assertTrue(((left >> 16) & 0xff) > 200 && ((right >> 16) & 0xff) < 130,
                        format + ": " + Integer.toHexString(left) + " " + Integer.toHexString(right));
            }
        }
    }

    @Test
    void pixelsOutsideThePhotographAreWhiteAsOnASlide(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("photo.png");
        ImageIO.write(photograph(), "png", file.toFile());
        try (Slide slide = Slide.open(file)) {
            RgbImage region = slide.read(new RegionRequest(0, -2, 458, 4, 4));
            assertEquals(0xffffff, region.rgbAt(0, 0));
            assertEquals(0xffffff, region.rgbAt(3, 3));
            assertEquals(0xe696be, region.rgbAt(2, 0) & 0xffffff);
            assertThrows(SlideException.class, () -> slide.read(new RegionRequest(1, 0, 0, 4, 4)));
        }
    }

    @Test
    void hugeDeclaredImageIsRefusedBeforeItIsDecoded(@TempDir Path dir) throws IOException {
        // A PNG header claiming 50000 x 50000 px (2.5 Gpx) and no pixel data.
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(50_000).putInt(50_000).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(png, "IHDR", ihdr.array());
        chunk(png, "IEND", new byte[0]);
        Path file = dir.resolve("huge.png");
        Files.write(file, png.toByteArray());
        SlideException e = assertThrows(SlideException.class, () -> Slide.open(file));
        assertTrue(e.getMessage().contains("pyramidal tiled TIFF"), e.getMessage());
    }

    @Test
    void fileThatIsNeitherASlideNorAnImageIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "not a slide");
        SlideException e = assertThrows(SlideException.class, () -> Slide.open(file));
        assertTrue(e.getMessage().contains("nor a PNG, JPEG or TIFF image"), e.getMessage());
        Path broken = dir.resolve("broken.png");
        Files.write(broken, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        assertThrows(SlideException.class, () -> Slide.open(broken));
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(typeBytes);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
