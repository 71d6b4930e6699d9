package io.slidestream.synth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * What is really on a synthetic slide: tumour and tissue masks at {@link #maskDownsample()}, the lesion
 * list, the artefacts drawn over it, and, for an Aperio slide, the vendor properties and the made-up
 * patient values it carries. Stored beside the slide as {@code <base>.tumour-mask.png},
 * {@code <base>.tissue-mask.png}, with artefacts {@code <base>.artefact-mask.png} (8-bit grey, 0 or 255)
 * and {@code <base>.truth.json}, where {@code <base>} is the slide path without its extension. Tissue and
 * tumour mask pixel (i, j) holds the truth at level-0 pixel
 * (i * downsample + downsample / 2, j * downsample + downsample / 2) and stands for the block around it;
 * an artefact mask pixel is set when any artefact reaches into its block. Immutable and safe to share
 * between threads.
 */
public final class GroundTruth {
    /** Unknown fields are ignored, so newer truth files (with more fields) still load. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * The JSON document; field names are the file format. The fields after {@code lesions} are left out
     * when empty, so a clean generic slide's truth file is what it always was.
     */
    record TruthFile(long seed, int width, int height, double mpp, int maskDownsample, int maskWidth,
                     int maskHeight, String tumourMask, String tissueMask, List<Lesion> lesions,
                     @JsonInclude(JsonInclude.Include.NON_NULL) Artefacts artefacts,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String artefactMask,
                     @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> vendorProperties,
                     @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> phiValues) {
    }

    private final long seed;
    private final int width;
    private final int height;
    private final double mpp;
    private final int maskDownsample;
    private final int maskWidth;
    private final int maskHeight;
    private final byte[] tumourMask;
    private final byte[] tissueMask;
    private final List<Lesion> lesions;
    private final Artefacts artefacts;
    /** Null when the slide has no artefacts drawn over it. */
    private final byte[] artefactMask;
    private final Map<String, String> vendorProperties;
    private final List<String> phiValues;

    GroundTruth(long seed, int width, int height, double mpp, int maskDownsample, int maskWidth, int maskHeight,
                byte[] tumourMask, byte[] tissueMask, List<Lesion> lesions) {
        this(seed, width, height, mpp, maskDownsample, maskWidth, maskHeight, tumourMask, tissueMask, lesions,
                Artefacts.NONE, null, Map.of(), List.of());
    }

    GroundTruth(long seed, int width, int height, double mpp, int maskDownsample, int maskWidth, int maskHeight,
                byte[] tumourMask, byte[] tissueMask, List<Lesion> lesions, Artefacts artefacts,
                byte[] artefactMask, Map<String, String> vendorProperties, List<String> phiValues) {
        this.seed = seed;
        this.width = width;
        this.height = height;
        this.mpp = mpp;
        this.maskDownsample = maskDownsample;
        this.maskWidth = maskWidth;
        this.maskHeight = maskHeight;
        this.tumourMask = tumourMask;
        this.tissueMask = tissueMask;
        this.lesions = List.copyOf(lesions);
        this.artefacts = artefacts;
        this.artefactMask = artefactMask;
        this.vendorProperties = Collections.unmodifiableMap(new LinkedHashMap<>(vendorProperties));
        this.phiValues = List.copyOf(phiValues);
    }

    /** Loads the ground truth written beside {@code tiff}. */
    public static GroundTruth load(Path tiff) throws IOException {
        TruthFile file = JSON.readValue(truthPath(tiff).toFile(), TruthFile.class);
        Path dir = directoryOf(tiff);
        byte[] tumour = readMask(dir.resolve(file.tumourMask()), file.maskWidth(), file.maskHeight());
        byte[] tissue = readMask(dir.resolve(file.tissueMask()), file.maskWidth(), file.maskHeight());
        byte[] artefact = file.artefactMask() == null ? null
                : readMask(dir.resolve(file.artefactMask()), file.maskWidth(), file.maskHeight());
        return new GroundTruth(file.seed(), file.width(), file.height(), file.mpp(), file.maskDownsample(),
                file.maskWidth(), file.maskHeight(), tumour, tissue, file.lesions(),
                file.artefacts() == null ? Artefacts.NONE : file.artefacts(), artefact,
                file.vendorProperties() == null ? Map.of() : file.vendorProperties(),
                file.phiValues() == null ? List.of() : file.phiValues());
    }

    public static Path truthPath(Path tiff) {
        return sibling(tiff, ".truth.json");
    }

    public static Path tumourMaskPath(Path tiff) {
        return sibling(tiff, ".tumour-mask.png");
    }

    public static Path tissueMaskPath(Path tiff) {
        return sibling(tiff, ".tissue-mask.png");
    }

    /** Written only for a slide with artefacts drawn over it. */
    public static Path artefactMaskPath(Path tiff) {
        return sibling(tiff, ".artefact-mask.png");
    }

    /** Writes the masks and the JSON beside {@code tiff}. */
    void write(Path tiff) throws IOException {
        writeMask(tumourMask, tumourMaskPath(tiff));
        writeMask(tissueMask, tissueMaskPath(tiff));
        String artefactFile = null;
        if (artefactMask != null) {
            writeMask(artefactMask, artefactMaskPath(tiff));
            artefactFile = artefactMaskPath(tiff).getFileName().toString();
        }
        TruthFile file = new TruthFile(seed, width, height, mpp, maskDownsample, maskWidth, maskHeight,
                tumourMaskPath(tiff).getFileName().toString(), tissueMaskPath(tiff).getFileName().toString(), lesions,
                artefacts.equals(Artefacts.NONE) ? null : artefacts, artefactFile, vendorProperties, phiValues);
        JSON.writeValue(truthPath(tiff).toFile(), file);
    }

    public long seed() {
        return seed;
    }

    /** Level-0 width in pixels. */
    public int width() {
        return width;
    }

    /** Level-0 height in pixels. */
    public int height() {
        return height;
    }

    /** Microns per level-0 pixel. */
    public double mpp() {
        return mpp;
    }

    /** Level-0 pixels per mask pixel, each way. */
    public int maskDownsample() {
        return maskDownsample;
    }

    public int maskWidth() {
        return maskWidth;
    }

    public int maskHeight() {
        return maskHeight;
    }

    /** In id order. */
    public List<Lesion> lesions() {
        return lesions;
    }

    /**
     * The artefacts drawn over the slide, as placed: the bubble count may be lower than asked for when the
     * glass had no room. {@link Artefacts#NONE} for a clean slide.
     */
    public Artefacts artefacts() {
        return artefacts;
    }

    /**
     * For an Aperio slide, the {@code key = value} properties of its ImageDescription, in file order
     * (OpenSlide reports each as {@code aperio.KEY}); empty for a generic TIFF.
     */
    public Map<String, String> vendorProperties() {
        return vendorProperties;
    }

    /**
     * The made-up values that identify the patient or the scan, exactly as the slide carries them: in the
     * vendor properties (Filename, User, Date, Time) and printed on the label (name, birth date, case
     * number). Nothing of the slide that leaves the tiler may contain any of them. Empty for a generic TIFF.
     */
    public List<String> phiValues() {
        return phiValues;
    }

    /** Whether level-0 pixel (x, y) is tumour, at mask resolution; false outside the slide. */
    public boolean isTumour(long x, long y) {
        return maskAt(tumourMask, x, y);
    }

    /** Whether level-0 pixel (x, y) is tissue, at mask resolution; false outside the slide. */
    public boolean isTissue(long x, long y) {
        return maskAt(tissueMask, x, y);
    }

    /**
     * Whether an artefact (border band, pen line, bubble outline) reaches into the mask block of level-0
     * pixel (x, y); false outside the slide and on a slide without artefacts.
     */
    public boolean isArtefact(long x, long y) {
        return artefactMask != null && maskAt(artefactMask, x, y);
    }

    /** The share of the level-0 rectangle that is tumour, 0..1; parts outside the slide count as not tumour. */
    public double tumourFraction(long x0, long y0, long w, long h) {
        return fraction(tumourMask, x0, y0, w, h);
    }

    /** The share of the level-0 rectangle that is tissue, 0..1; parts outside the slide count as glass. */
    public double tissueFraction(long x0, long y0, long w, long h) {
        return fraction(tissueMask, x0, y0, w, h);
    }

    /** Total tumour area in mm², from the mask. */
    public double tumourAreaMm2() {
        long pixels = 0;
        for (byte value : tumourMask) {
            pixels += value != 0 ? 1 : 0;
        }
        double maskPixelMm = maskDownsample * mpp / 1000;
        return pixels * maskPixelMm * maskPixelMm;
    }

    private boolean maskAt(byte[] mask, long x, long y) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            return false;
        }
        return mask[(int) (y / maskDownsample) * maskWidth + (int) (x / maskDownsample)] != 0;
    }

    /** Area-weighted: each mask pixel counts for the part of its level-0 block inside the rectangle. */
    private double fraction(byte[] mask, long x0, long y0, long w, long h) {
        if (w <= 0 || h <= 0) {
            throw new IllegalArgumentException("empty rectangle " + w + "x" + h);
        }
        long left = Math.max(x0, 0);
        long top = Math.max(y0, 0);
        long right = Math.min(x0 + w, width);
        long bottom = Math.min(y0 + h, height);
        double covered = 0;
        for (long row = top / maskDownsample; row * maskDownsample < bottom; row++) {
            long rowTop = Math.max(top, row * maskDownsample);
            long rowBottom = Math.min(bottom, (row + 1) * maskDownsample);
            for (long column = left / maskDownsample; column * maskDownsample < right; column++) {
                if (mask[(int) (row * maskWidth + column)] != 0) {
                    long cellLeft = Math.max(left, column * maskDownsample);
                    long cellRight = Math.min(right, (column + 1) * maskDownsample);
                    covered += (double) (cellRight - cellLeft) * (rowBottom - rowTop);
                }
            }
        }
        return covered / ((double) w * h);
    }

    private static Path sibling(Path tiff, String suffix) {
        String name = tiff.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        return directoryOf(tiff).resolve(base + suffix);
    }

    private static Path directoryOf(Path tiff) {
        Path parent = tiff.toAbsolutePath().getParent();
        return parent != null ? parent : Path.of("");
    }

    private void writeMask(byte[] mask, Path path) throws IOException {
        BufferedImage image = new BufferedImage(maskWidth, maskHeight, BufferedImage.TYPE_BYTE_GRAY);
        System.arraycopy(mask, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), 0, mask.length);
        if (!ImageIO.write(image, "png", path.toFile())) {
            throw new IOException("no PNG writer in this JDK");
        }
    }

    private static byte[] readMask(Path path, int width, int height) throws IOException {
        BufferedImage image = ImageIO.read(path.toFile());
        if (image == null) {
            throw new IOException("not a readable image: " + path);
        }
        if (image.getWidth() != width || image.getHeight() != height) {
            throw new IOException(path + " is " + image.getWidth() + "x" + image.getHeight()
                    + ", the truth file says " + width + "x" + height);
        }
        byte[] mask = new byte[width * height];
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRaster().getSamples(0, y, width, 1, 0, row);
            for (int x = 0; x < width; x++) {
                mask[y * width + x] = (byte) (row[x] != 0 ? 255 : 0);
            }
        }
        return mask;
    }
}
