package io.slidestream.core.slide;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A plain RGB image (PNG, JPEG, or a TIFF that is not a tiled pyramid, e.g. a microscope photograph as in
 * BreakHis) as a one-level slide. It is decoded once, by the JDK's ImageIO (Java code, no native
 * decoder), and held as RGB bytes, so its size is capped. The file says nothing trustworthy about
 * microns per pixel (PNG's pHYs and TIFF's resolution usually hold a screen default), so the request
 * must.
 */
final class PlainImageSlide implements Slide {
    /** 100 Mpx = 300 MB of RGB: anything bigger should be a pyramidal TIFF. */
    static final long MAX_PIXELS = 100_000_000L;
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] TIFF_LE = {'I', 'I', 42, 0};
    private static final byte[] TIFF_BE = {'M', 'M', 0, 42};

    private final Path path;
    private final String format;
    private final RgbImage image;

    private PlainImageSlide(Path path, String format, RgbImage image) {
        this.path = path;
        this.format = format;
        this.image = image;
    }

    /** PNG, JPEG or classic TIFF by its first bytes (BigTIFF is only ever a pyramid here). */
    static boolean looksLikePlainImage(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        } catch (IOException e) {
            throw new SlideException(file, "cannot read: " + e.getMessage(), e);
        }
        return startsWith(head, PNG) || startsWith(head, JPEG) || startsWith(head, TIFF_LE) || startsWith(head, TIFF_BE);
    }

    static PlainImageSlide open(Path file) {
        try (ImageInputStream input = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = input == null ? null : ImageIO.getImageReaders(input);
            if (readers == null || !readers.hasNext()) {
                throw new SlideException(file, "not an image format this service decodes");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new SlideException(file, "plain image of " + reader.getWidth(0) + "x" + reader.getHeight(0)
                            + " px is larger than " + MAX_PIXELS / 1_000_000 + " Mpx; convert it to a pyramidal tiled TIFF");
                }
                BufferedImage decoded = reader.read(0);
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                return new PlainImageSlide(file, format, RgbImage.fromBufferedImage(decoded));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof SlideException slideException) {
                throw slideException;
            }
            throw new SlideException(file, "cannot decode the image: " + e.getMessage(), e);
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public int levelCount() {
        return 1;
    }

    @Override
    public long levelWidth(int level) {
        checkLevel(level);
        return image.width();
    }

    @Override
    public long levelHeight(int level) {
        checkLevel(level);
        return image.height();
    }

    @Override
    public double levelDownsample(int level) {
        checkLevel(level);
        return 1;
    }

    @Override
    public Map<String, String> properties() {
        return Map.of(SlideProperties.VENDOR, "image/" + format, SlideProperties.PLAIN_IMAGE, "true");
    }

    @Override
    public List<String> associatedImageNames() {
        return List.of();
    }

    /** Pixels outside the image are white, as OpenSlide renders them. */
    @Override
    public RgbImage read(RegionRequest request) {
        checkLevel(request.level());
        return image.region(request.x(), request.y(), request.width(), request.height(), (byte) 0xff);
    }

    @Override
    public boolean failed() {
        return false;
    }

    @Override
    public void close() {
    }

    private void checkLevel(int level) {
        if (level != 0) {
            throw new SlideException(path, "level " + level + " does not exist (a plain image has 1)");
        }
    }
}
