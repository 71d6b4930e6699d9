package io.slidestream.tiler.tissue;

import io.slidestream.core.slide.RgbImage;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A thumbnail painted for a test, with its truth: H&amp;E-like tissue (pink eosin, purple hematoxylin,
 * pale and dense areas) on white or grey glass, and the things scanners add on the glass: black edge
 * bands, blue, green and black marker ink, and air bubbles (thin dark grey rings). Ink and bubble rims
 * do not change the truth: tissue under ink is still tissue. {@link #artefactOnGlass()} marks the
 * pixels where an artefact lies on glass, where a detector must find nothing.
 */
final class TissueScene {
    static final int BLUE_INK = 0x233CA5;
    static final int GREEN_INK = 0x288C4B;
    static final int BLACK_INK = 0x1E1E23;

    private static final int[] PALE = {240, 206, 226};
    private static final int[] EOSIN = {214, 126, 176};
    private static final int[] HEMATOXYLIN = {100, 64, 156};

    final int width;
    final int height;
    final byte[] rgb;
    final boolean[] truth;
    private final boolean[] artefact;
    private final SplittableRandom random;
    /** Uneven tint of the glass; null on a scene made from a real thumbnail. */
    private Field tint;

    private TissueScene(int width, int height, byte[] rgb, boolean[] truth, long seed) {
        this.width = width;
        this.height = height;
        this.rgb = rgb;
        this.truth = truth;
        this.artefact = new boolean[width * height];
        this.random = new SplittableRandom(seed);
    }

    /**
     * Empty glass of this grey level (242 for a white-balanced scanner, 200–215 for a grey one), with an
     * uneven faint blue tint (up to 6 levels, as uneven illumination leaves) and ±3 levels of sensor
     * noise on each channel.
     */
    static TissueScene glass(int width, int height, int grey, long seed) {
        TissueScene scene = new TissueScene(width, height, new byte[width * height * 3], new boolean[width * height],
                seed);
        scene.tint = new Field(scene.random, Math.max(width, height) / 3.0);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                scene.glassPixel(x, y, grey);
            }
        }
        return scene;
    }

    /** A real thumbnail and its truth, to paint artefacts on. */
    static TissueScene of(RgbImage image, boolean[] truth, long seed) {
        return new TissueScene(image.width(), image.height(), image.rgb().clone(), truth.clone(), seed);
    }

    /**
     * A tissue section: an ellipse with a wobbly outline, stained with smoothly varying eosin density and
     * hematoxylin (lymphoid) crowding, plus per-pixel grain.
     */
    TissueScene tissue(double cx, double cy, double rx, double ry) {
        return tissue(cx, cy, rx, ry, 1);
    }

    /** A section whose stain is this strong (1 normal; less is faded, closer to white). */
    TissueScene tissue(double cx, double cy, double rx, double ry, double stain) {
        double[] wobble = {random.nextDouble(2 * Math.PI), random.nextDouble(2 * Math.PI)};
        Field density = new Field(random, Math.max(rx, ry) / 2);
        Field crowding = new Field(random, Math.max(rx, ry) / 3);
        forEachIn(cx - rx * 1.3, cy - ry * 1.3, cx + rx * 1.3, cy + ry * 1.3, (x, y) -> {
            double dx = (x + 0.5 - cx) / rx;
            double dy = (y + 0.5 - cy) / ry;
            double angle = Math.atan2(dy, dx);
            double edge = 1 + 0.15 * Math.sin(3 * angle + wobble[0]) + 0.08 * Math.sin(7 * angle + wobble[1]);
            if (Math.sqrt(dx * dx + dy * dy) > edge) {
                return;
            }
            double d = Math.clamp(0.5 + 0.7 * density.at(x, y), 0, 1);
            double h = Math.clamp(0.25 + 0.6 * crowding.at(x, y), 0, 0.75);
            int grain = random.nextInt(13) - 6;
            int[] colour = new int[3];
            for (int c = 0; c < 3; c++) {
                double stroma = PALE[c] + (EOSIN[c] - PALE[c]) * d;
                double stained = stroma + (HEMATOXYLIN[c] - stroma) * h;
                colour[c] = (int) Math.round(245 + (stained - 245) * stain) + grain;
            }
            int p = y * width + x;
            set(p, colour[0], colour[1], colour[2]);
            truth[p] = true;
            artefact[p] = false;
        });
        return this;
    }

    /** A round hole of glass (a lumen, a tear) of this grey level. */
    TissueScene hole(double cx, double cy, double radius, int grey) {
        forEachIn(cx - radius, cy - radius, cx + radius, cy + radius, (x, y) -> {
            if (Math.hypot(x + 0.5 - cx, y + 0.5 - cy) <= radius) {
                glassPixel(x, y, grey);
                truth[y * width + x] = false;
            }
        });
        return this;
    }

    /** A black band along the edge where the scanner saw past the slide: noisy near-black, per channel. */
    TissueScene blackBand(char side, int thickness) {
        int x0 = side == 'R' ? width - thickness : 0;
        int x1 = side == 'L' ? thickness : width;
        int y0 = side == 'B' ? height - thickness : 0;
        int y1 = side == 'T' ? thickness : height;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int p = y * width + x;
                set(p, random.nextInt(32), random.nextInt(32), random.nextInt(32));
                truth[p] = false;
                artefact[p] = true;
            }
        }
        return this;
    }

    /**
     * A marker stroke from (x0, y0) to (x1, y1): ink laid over whatever is there at 85 % opacity, with a
     * soft 1.5 px rim.
     */
    TissueScene penStroke(double x0, double y0, double x1, double y1, double thickness, int ink) {
        double half = thickness / 2;
        forEachIn(Math.min(x0, x1) - half - 2, Math.min(y0, y1) - half - 2, Math.max(x0, x1) + half + 2,
                Math.max(y0, y1) + half + 2, (x, y) -> {
                    double distance = distanceToSegment(x + 0.5, y + 0.5, x0, y0, x1, y1);
                    double alpha = 0.85 * Math.clamp((half + 1.5 - distance) / 1.5, 0, 1);
                    if (alpha > 0) {
                        blend(x, y, ink, alpha);
                    }
                });
        return this;
    }

    /** An air bubble: a thin dark grey ring, anti-aliased; the glass inside stays clear. */
    TissueScene bubble(double cx, double cy, double radius, double thickness) {
        forEachIn(cx - radius - thickness - 2, cy - radius - thickness - 2, cx + radius + thickness + 2,
                cy + radius + thickness + 2, (x, y) -> {
                    double fromRim = Math.abs(Math.hypot(x + 0.5 - cx, y + 0.5 - cy) - radius);
                    double alpha = 0.6 * Math.clamp(thickness / 2 + 1 - fromRim, 0, 1);
                    if (alpha > 0) {
                        blend(x, y, 0x3C3C3C, alpha);
                    }
                });
        return this;
    }

    /** Scales every channel, as a scanner that renders glass grey instead of white does. */
    TissueScene dim(double factor) {
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) Math.clamp(Math.round((rgb[i] & 0xff) * factor), 0, 255);
        }
        return this;
    }

    RgbImage image() {
        return new RgbImage(width, height, rgb.clone());
    }

    /** The image after a JPEG round trip with 4:2:0 chroma subsampling, as scanners store tiles. */
    RgbImage jpeg(float quality) {
        try {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < rgb.length; i += 3) {
                bgr[i] = rgb[i + 2];
                bgr[i + 1] = rgb[i + 1];
                bgr[i + 2] = rgb[i];
            }
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
                writer.write(null, new IIOImage(image, null, null), param);
            } finally {
                writer.dispose();
            }
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
            byte[] out = new byte[rgb.length];
            for (int y = 0, i = 0; y < height; y++) {
                for (int x = 0; x < width; x++, i += 3) {
                    int pixel = decoded.getRGB(x, y);
                    out[i] = (byte) (pixel >> 16);
                    out[i + 1] = (byte) (pixel >> 8);
                    out[i + 2] = (byte) pixel;
                }
            }
            return new RgbImage(width, height, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TissueMask truth(double downsample) {
        return new TissueMask(width, height, downsample, truth);
    }

    /** Pixels where an artefact (band, ink, bubble rim) lies on glass. */
    boolean[] artefactOnGlass() {
        return artefact.clone();
    }

    /** Share of the artefact-on-glass pixels that {@code mask} calls tissue. */
    double tissueOnArtefacts(TissueMask mask) {
        long artefacts = 0;
        long tissue = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (artefact[y * width + x]) {
                    artefacts++;
                    tissue += mask.isTissue(x, y) ? 1 : 0;
                }
            }
        }
        if (artefacts == 0) {
            throw new IllegalStateException("the scene has no artefact on glass");
        }
        return (double) tissue / artefacts;
    }

    private void glassPixel(int x, int y, int grey) {
        int blue = tint == null ? 0 : (int) Math.round(Math.clamp(3 + 3 * tint.at(x, y), 0, 6));
        set(y * width + x, grey - blue / 3 + random.nextInt(7) - 3, grey + random.nextInt(7) - 3,
                grey + blue + random.nextInt(7) - 3);
    }

    private void blend(int x, int y, int colour, double alpha) {
        int p = y * width + x;
        int[] over = {colour >> 16 & 0xff, colour >> 8 & 0xff, colour & 0xff};
        int[] out = new int[3];
        for (int c = 0; c < 3; c++) {
            int under = rgb[3 * p + c] & 0xff;
            out[c] = (int) Math.round(under + (over[c] - under) * alpha);
        }
        set(p, out[0], out[1], out[2]);
        if (!truth[p] && alpha >= 0.3) {
            artefact[p] = true;
        }
    }

    private void set(int p, int r, int g, int b) {
        rgb[3 * p] = (byte) Math.clamp(r, 0, 255);
        rgb[3 * p + 1] = (byte) Math.clamp(g, 0, 255);
        rgb[3 * p + 2] = (byte) Math.clamp(b, 0, 255);
    }

    private interface PixelAction {
        void at(int x, int y);
    }

    private void forEachIn(double x0, double y0, double x1, double y1, PixelAction action) {
        int left = Math.max(0, (int) Math.floor(x0));
        int top = Math.max(0, (int) Math.floor(y0));
        int right = Math.min(width - 1, (int) Math.ceil(x1));
        int bottom = Math.min(height - 1, (int) Math.ceil(y1));
        for (int y = top; y <= bottom; y++) {
            for (int x = left; x <= right; x++) {
                action.at(x, y);
            }
        }
    }

    private static double distanceToSegment(double px, double py, double x0, double y0, double x1, double y1) {
        double dx = x1 - x0;
        double dy = y1 - y0;
        double t = Math.clamp(((px - x0) * dx + (py - y0) * dy) / (dx * dx + dy * dy), 0, 1);
        return Math.hypot(px - x0 - t * dx, py - y0 - t * dy);
    }

    /** Smooth noise in about [-1, 1]: a few random plane waves of the given wavelength. */
    private static final class Field {
        private final double[] fx = new double[4];
        private final double[] fy = new double[4];
        private final double[] phase = new double[4];

        Field(SplittableRandom random, double wavelength) {
            for (int i = 0; i < 4; i++) {
                double angle = random.nextDouble(Math.PI);
                double k = 2 * Math.PI / (wavelength * (0.6 + 0.8 * random.nextDouble()));
                fx[i] = k * Math.cos(angle);
                fy[i] = k * Math.sin(angle);
                phase[i] = random.nextDouble(2 * Math.PI);
            }
        }

        double at(int x, int y) {
            double sum = 0;
            for (int i = 0; i < 4; i++) {
                sum += Math.sin(fx[i] * x + fy[i] * y + phase[i]);
            }
            return sum / 2;
        }
    }
}
