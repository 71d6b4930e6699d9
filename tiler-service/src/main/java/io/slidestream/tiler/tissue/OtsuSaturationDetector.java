package io.slidestream.tiler.tissue;

import boofcv.alg.filter.binary.BinaryImageOps;
import boofcv.alg.filter.binary.GThresholdImageOps;
import boofcv.struct.image.GrayU8;
import io.slidestream.core.slide.RgbImage;

import java.util.Locale;

/**
 * The default tissue detector: Otsu's threshold on HSV saturation, then morphological clean-up at
 * physical sizes.
 *
 * <p>Why saturation rather than optical density: H&amp;E tissue is coloured (pink eosin, purple
 * hematoxylin) while nearly everything else a scanner shows on the glass is grey: white or grey glass
 * (some scanners render it at 200–215), black borders, air-bubble rims, dust and black ink. Optical
 * density is high for all of those dark grey things and cannot tell grey glass from pale tissue
 * without a colour deconvolution; saturation, {@code (max − min) / max}, is near zero for all of them
 * at any brightness. Its weak spots are handled before thresholding:
 * <ul>
 *   <li>very dark pixels (HSV value below {@code darkValue}), whose saturation is mostly noise (black
 *       borders, black ink), are excluded;</li>
 *   <li>blue and green marker ink is strongly saturated but of the wrong hue: H&amp;E runs from purple
 *       through magenta to pink, so its red always exceeds its green, while blue and green ink has
 *       green above red (hue between 60° and 240°). Pixels whose green exceeds red by more than
 *       {@code penMargin} are excluded. (Red ink looks like eosin and is not caught; a very blue
 *       hematoxylin with green above red would be taken for ink.)</li>
 * </ul>
 * Excluded pixels take a {@value #EXCLUSION_MARGIN_PX} px margin with them: the soft rim of an ink
 * stroke and the colour fringes JPEG leaves beside black or ink edges are faintly coloured but not
 * tissue.
 *
 * <p>Otsu's threshold is computed over the remaining (candidate) pixels only and clamped to
 * [{@code minSaturation}, {@code maxSaturation}]: the lower bound keeps a slide with little or no
 * tissue from splitting the glass's own faint tint, the upper bound keeps Otsu from landing between
 * faded and well-stained tissue (on a slide with both, Otsu's two classes are glass + faded tissue vs.
 * well-stained tissue). The mask is then closed (bridging gaps between nuclei and notches), opened
 * (removing fringes and specks), pieces smaller than {@code minObjectMm2} are dropped and holes
 * smaller than {@code minHoleMm2} filled. Sizes are converted to thumbnail pixels with
 * {@code downsample × mpp}; an element narrower than about 2 thumbnail pixels does nothing, so at a
 * typical thumbnail resolution (8–16 µm per pixel) the default closing and opening are no-ops and the
 * area filters do the cleaning.
 */
public final class OtsuSaturationDetector implements TissueDetector {

    /**
     * @param closingUm     width of the (square) closing element in µm: gaps narrower than this are bridged
     * @param openingUm     width of the (square) opening element in µm: strands thinner than this are removed
     * @param minObjectMm2  tissue pieces smaller than this (mm²) are dropped
     * @param minHoleMm2    holes smaller than this (mm²) inside tissue are filled
     * @param darkValue     pixels whose HSV value (brightest channel, 0..1) is below this are never tissue
     * @param minSaturation lower bound of the threshold (0..1)
     * @param maxSaturation upper bound of the threshold (0..1)
     * @param penMargin     pixels whose green exceeds red by more than this (0..1) are pen ink
     */
    public record Settings(double closingUm, double openingUm, double minObjectMm2, double minHoleMm2,
                           double darkValue, double minSaturation, double maxSaturation, double penMargin) {
        public static final Settings DEFAULTS = new Settings(20, 10, 0.02, 0.01, 0.25, 0.05, 0.10, 0.04);

        public Settings {
            requireAtLeastZero("closing-um", closingUm);
            requireAtLeastZero("opening-um", openingUm);
            requireAtLeastZero("min-object-mm2", minObjectMm2);
            requireAtLeastZero("min-hole-mm2", minHoleMm2);
            requireUnit("dark-value", darkValue);
            requireUnit("min-saturation", minSaturation);
            requireUnit("max-saturation", maxSaturation);
            requireUnit("pen-margin", penMargin);
            if (minSaturation > maxSaturation) {
                throw new IllegalArgumentException("min-saturation " + minSaturation + " exceeds max-saturation "
                        + maxSaturation);
            }
        }

        private static void requireAtLeastZero(String name, double value) {
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException(name + " must be a number >= 0, got " + value);
            }
        }

        private static void requireUnit(String name, double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
            }
        }
    }

    /** Thumbnail pixels around dark and pen pixels excluded with them: fringes are pixel-sized, not physical. */
    static final int EXCLUSION_MARGIN_PX = 1;

    private final Settings settings;

    public OtsuSaturationDetector() {
        this(Settings.DEFAULTS);
    }

    public OtsuSaturationDetector(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public String method() {
        return String.format(Locale.ROOT, "otsu-saturation (closing %s µm, opening %s µm, min object %s mm², "
                        + "min hole %s mm², dark < %s, pen green-red > %s, threshold in [%s, %s])",
                number(settings.closingUm()), number(settings.openingUm()), number(settings.minObjectMm2()),
                number(settings.minHoleMm2()), number(settings.darkValue()), number(settings.penMargin()),
                number(settings.minSaturation()), number(settings.maxSaturation()));
    }

    /**
     * {@inheritDoc} The slide's mpp is required (OpenSlide reports 0 when a slide does not say): the
     * caller chooses what to assume for such slides.
     */
    @Override
    public TissueMask detect(RgbImage thumbnail, double downsample, double mpp) {
        TissueDetector.requirePositive("downsample", downsample);
        TissueDetector.requirePositive("mpp", mpp);
        int width = thumbnail.width();
        int height = thumbnail.height();
        GrayU8 saturation = new GrayU8(width, height);
        int[] histogram = new int[256];
        int candidates = candidateSaturation(thumbnail, saturation, histogram);

        int threshold = threshold(histogram, candidates);
        GrayU8 mask = new GrayU8(width, height);
        byte[] s = saturation.data;
        for (int i = 0; i < s.length; i++) {
            // Excluded pixels hold 0 and the threshold is at least 1, so they never pass.
            mask.data[i] = (byte) ((s[i] & 0xff) > threshold ? 1 : 0);
        }

        double umPerPixel = downsample * mpp;
        mask = BinaryMasks.close(mask, radius(settings.closingUm(), umPerPixel));
        mask = BinaryMasks.open(mask, radius(settings.openingUm(), umPerPixel));
        mask = BinaryMasks.removeSmallObjects(mask, pixels(settings.minObjectMm2(), umPerPixel));
        mask = BinaryMasks.fillSmallHoles(mask, pixels(settings.minHoleMm2(), umPerPixel));

        boolean[] tissue = new boolean[width * height];
        for (int i = 0; i < tissue.length; i++) {
            tissue[i] = mask.data[i] != 0;
        }
        return new TissueMask(width, height, downsample, tissue);
    }

    /**
     * Writes each candidate pixel's saturation (0..255; excluded pixels hold 0) and counts candidates in
     * the histogram. Returns the number of candidates. Dark and pen pixels are excluded together with a
     * {@value #EXCLUSION_MARGIN_PX} px margin around them: the anti-aliased rim of an ink stroke and the
     * colour fringes JPEG leaves beside black or ink edges are faintly coloured but not tissue.
     */
    private int candidateSaturation(RgbImage thumbnail, GrayU8 saturation, int[] histogram) {
        byte[] rgb = thumbnail.rgb();
        byte[] out = saturation.data;
        GrayU8 excluded = new GrayU8(saturation.width, saturation.height);
        int darkMax = (int) Math.ceil(settings.darkValue() * 255);
        int penExcess = (int) Math.round(settings.penMargin() * 255);
        boolean anyExcluded = false;
        for (int p = 0, i = 0; p < out.length; p++, i += 3) {
            int r = rgb[i] & 0xff;
            int g = rgb[i + 1] & 0xff;
            int b = rgb[i + 2] & 0xff;
            int max = Math.max(r, Math.max(g, b));
            if (max < darkMax || g - r > penExcess) {
                excluded.data[p] = 1;
                anyExcluded = true;
                continue;
            }
            int min = Math.min(r, Math.min(g, b));
            out[p] = (byte) (max == 0 ? 0 : ((max - min) * 255 + max / 2) / max);
        }
        if (anyExcluded) {
            excluded = BinaryImageOps.dilate8(excluded, EXCLUSION_MARGIN_PX, null);
        }
        int candidates = 0;
        for (int p = 0; p < out.length; p++) {
            if (excluded.data[p] != 0) {
                out[p] = 0;
            } else {
                histogram[out[p] & 0xff]++;
                candidates++;
            }
        }
        return candidates;
    }

    /** Otsu over the candidates, clamped to the settings' bounds; pixels above it are tissue. */
    private int threshold(int[] histogram, int candidates) {
        int low = Math.max(1, (int) Math.round(settings.minSaturation() * 255));
        int high = Math.max(low, (int) Math.round(settings.maxSaturation() * 255));
        if (candidates == 0) {
            return high;
        }
        int otsu = GThresholdImageOps.computeOtsu(histogram, histogram.length, candidates);
        return Math.clamp(otsu, low, high);
    }

    /** Radius r of the square element whose width (2r + 1 pixels) is nearest to {@code um}. */
    static int radius(double um, double umPerPixel) {
        return (int) Math.round((um / umPerPixel - 1) / 2);
    }

    static long pixels(double mm2, double umPerPixel) {
        return (long) Math.ceil(mm2 * 1e6 / (umPerPixel * umPerPixel));
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e9 ? Long.toString((long) value)
                : Double.toString(value);
    }
}
