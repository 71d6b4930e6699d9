package io.slidestream.trainer.truth;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Tumour ground truth given as an image (PNG, TIFF, anything ImageIO reads): non-zero in the first band is
 * tumour. The image may have any size: it is stretched over the slide's level-0 extents. Of a multi-page
 * TIFF (a pyramidal mask such as CAMELYON16's) the smallest page still at least {@code 1 / maxDownsample}
 * of the slide's width is read, so that a level-0 mask of 100 000 pixels a side need not fit in memory.
 */
public final class MaskImages {

    private MaskImages() {
    }

    /** @throws IOException naming the file when no reader knows it or it does not decode */
    public static TumourMask read(Path image, long slideWidth, long slideHeight, int maxDownsample) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(image.toFile())) {
            if (in == null) {
                throw new IOException(image + ": cannot be opened");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException(image + ": not an image format this JVM reads (PNG, TIFF, JPEG, BMP, GIF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return mask(reader.read(page(reader, slideWidth, maxDownsample)).getRaster(), slideWidth, slideHeight);
            } catch (IOException | RuntimeException e) {
                throw new IOException(image + ": does not decode as a mask image: " + e.getMessage(), e);
            } finally {
                reader.dispose();
            }
        }
    }

    private static TumourMask mask(Raster raster, long slideWidth, long slideHeight) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        boolean[] tumour = new boolean[width * height];
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            raster.getSamples(0, y, width, 1, 0, row);
            for (int x = 0; x < width; x++) {
                tumour[y * width + x] = row[x] != 0;
            }
        }
        return new TumourMask(width, height, (double) slideWidth / width, (double) slideHeight / height, tumour);
    }

    /** The smallest page at least {@code slideWidth / maxDownsample} wide; page 0 when none is. */
    private static int page(ImageReader reader, long slideWidth, int maxDownsample) throws IOException {
        int pages = reader.getNumImages(true);
        int best = 0;
        int bestWidth = reader.getWidth(0);
        for (int p = 1; p < pages; p++) {
            int width = reader.getWidth(p);
            if (width < bestWidth && (long) width * maxDownsample >= slideWidth) {
                best = p;
                bestWidth = width;
            }
        }
        return best;
    }
}
