package io.slidestream.trainer.truth;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskImagesTest {

    @TempDir
    Path dir;

    /** A 4 x 2 mask with its top-right pixel (3, 0) and bottom-left pixel (0, 1) set. */
    private Path corners(String name, String format) throws IOException {
        BufferedImage image = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSample(3, 0, 0, 255);
        image.getRaster().setSample(0, 1, 0, 1);
        Path file = dir.resolve(name);
        assertTrue(ImageIO.write(image, format, file.toFile()));
        return file;
    }

    @Test
    @DisplayName("a 4 x 2 PNG over a 400 x 300 slide: each pixel covers 100 x 150 level-0 pixels, any non-zero is tumour")
    void smallPngIsStretchedOverTheSlide() throws IOException {
        TumourMask mask = MaskImages.read(corners("s_mask.png", "png"), 400, 300, 16);

        assertEquals(100, mask.scaleX(), 1e-12);
        assertEquals(150, mask.scaleY(), 1e-12);
        assertTrue(mask.isTumourAt(399, 0));
        assertTrue(mask.isTumourAt(300, 149.9));
        assertFalse(mask.isTumourAt(299.9, 0));
        assertTrue(mask.isTumourAt(0, 299), "value 1 counts as tumour too");
        assertFalse(mask.isTumourAt(100, 150));
    }

    @Test
    @DisplayName("a TIFF mask reads like the PNG")
    void tiffMask() throws IOException {
        TumourMask mask = MaskImages.read(corners("s_mask.tif", "tiff"), 400, 300, 16);

        assertTrue(mask.isTumourAt(399, 0));
        assertFalse(mask.isTumourAt(0, 0));
    }

    @Test
    @DisplayName("of a pyramidal TIFF the smallest page still fine enough is read, not the level-0 one")
    void pyramidPageFineEnough() throws IOException {
        // Pages 64, 16 and 4 px wide over a 1024 px slide: at most 32 level-0 px per mask px allows
        // 1024 / 32 = 32 px or more, so the 64 px page (not the 16 or 4 px ones). At most 64 allows the 16 px page.
        Path tiff = dir.resolve("p_mask.tif");
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(tiff.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int edge : new int[]{64, 16, 4}) {
                writer.writeToSequence(new IIOImage(new BufferedImage(edge, edge, BufferedImage.TYPE_BYTE_GRAY), null, null),
                        null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }

        assertEquals(64, MaskImages.read(tiff, 1024, 1024, 32).width());
        assertEquals(16, MaskImages.read(tiff, 1024, 1024, 64).width());
        assertEquals(4, MaskImages.read(tiff, 1024, 1024, 1000).width());
    }

    @Test
    @DisplayName("a file that is no image is refused by name")
    void junkIsRefused() throws IOException {
        Path junk = Files.writeString(dir.resolve("x_mask.png"), "not an image");

        IOException e = assertThrows(IOException.class, () -> MaskImages.read(junk, 400, 300, 16));

        assertTrue(e.getMessage().startsWith(junk.toString()), e.getMessage());
    }
}
