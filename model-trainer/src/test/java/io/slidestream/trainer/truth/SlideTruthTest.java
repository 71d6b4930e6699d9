package io.slidestream.trainer.truth;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlideTruthTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("XML is found by the slide's name ignoring case and wins over a mask image; no file means empty")
    void findsByNameInOrder() throws IOException {
        Files.writeString(dir.resolve("Tumor_001.xml"), "<ASAP_Annotations><Annotations/></ASAP_Annotations>");
        ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY), "png",
                dir.resolve("tumor_001_mask.png").toFile());
        ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY), "png",
                dir.resolve("normal_002.mask.png").toFile());

        SlideTruth xml = SlideTruth.find(dir, "tumor_001", 100, 100, 10).orElseThrow();
        SlideTruth image = SlideTruth.find(dir, "normal_002", 100, 100, 10).orElseThrow();

        assertEquals(dir.resolve("Tumor_001.xml"), xml.source());
        assertEquals(10, xml.mask().scaleX(), 1e-12, "rasterised at the downsample asked for");
        assertTrue(Double.isNaN(xml.mpp()), "XML states no µm per pixel");
        assertEquals(dir.resolve("normal_002.mask.png"), image.source());
        assertEquals(50, image.mask().scaleX(), 1e-12, "2 pixels over 100");
        assertTrue(SlideTruth.find(dir, "tumor_003", 100, 100, 10).isEmpty());
    }
}
