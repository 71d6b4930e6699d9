package io.slidestream.synth;

/**
 * Everything that determines a synthetic slide: the same spec gives the same file bytes and the same
 * ground truth.
 *
 * @param seed                 seeds every random choice (tissue shape, lesions, nuclei, noise, artefacts,
 *                             the made-up patient of an Aperio slide)
 * @param width                level-0 width in pixels
 * @param height               level-0 height in pixels
 * @param mpp                  microns per level-0 pixel; all biological sizes are defined in µm, so the same
 *                             seed at half the mpp and twice the pixels shows the same tissue (see
 *                             {@link #withMppKeepingArea})
 * @param tileSize             TIFF tile edge in pixels (a multiple of 16, as TIFF requires)
 * @param jpegQuality          JPEG quality of the tiles, 1..100
 * @param maskDownsample       level-0 pixels per ground-truth mask pixel (each way)
 * @param lesionCount          how many tumour regions to place (fewer when the tissue cannot hold them)
 * @param minLesionDiameterUm  smallest lesion diameter in µm
 * @param maxLesionDiameterUm  largest lesion diameter in µm (lesions shrink to fit the tissue, never below
 *                             the minimum)
 * @param tissueCoverage       fraction of the slide area covered by tissue
 * @param levels               which pyramid levels the file holds
 * @param format               generic TIFF or Aperio SVS
 * @param resolution           what the file says about the resolution (the truth always has the mpp)
 * @param artefacts            scanner artefacts drawn over the slide
 * @param appearance           how varied and misleading the tissue looks ({@link TissueAppearance#CLASSIC} or
 *                             {@link TissueAppearance#HARD})
 */
public record SyntheticSlideSpec(
        long seed,
        int width,
        int height,
        double mpp,
        int tileSize,
        int jpegQuality,
        int maskDownsample,
        int lesionCount,
        double minLesionDiameterUm,
        double maxLesionDiameterUm,
        double tissueCoverage,
        LevelLayout levels,
        SlideFormat format,
        ResolutionMetadata resolution,
        Artefacts artefacts,
        TissueAppearance appearance) {

    public static final double DEFAULT_MPP = 0.5;
    public static final int DEFAULT_TILE_SIZE = 256;
    public static final int DEFAULT_JPEG_QUALITY = 85;
    public static final int DEFAULT_MASK_DOWNSAMPLE = 16;

    public SyntheticSlideSpec {
        require(width >= 256 && height >= 256, "slide must be at least 256x256 px, got " + width + "x" + height);
        require(mpp > 0.05 && mpp <= 10, "mpp must be in (0.05, 10], got " + mpp);
        require(tileSize >= 16 && tileSize <= 4096 && tileSize % 16 == 0,
                "tileSize must be a multiple of 16 in [16, 4096], got " + tileSize);
        require(jpegQuality >= 1 && jpegQuality <= 100, "jpegQuality must be in [1, 100], got " + jpegQuality);
        require(maskDownsample >= 1, "maskDownsample must be >= 1, got " + maskDownsample);
        require(lesionCount >= 0, "lesionCount must be >= 0, got " + lesionCount);
        require(minLesionDiameterUm > 0 && maxLesionDiameterUm >= minLesionDiameterUm,
                "need 0 < minLesionDiameterUm <= maxLesionDiameterUm, got "
                        + minLesionDiameterUm + ".." + maxLesionDiameterUm);
        require(tissueCoverage > 0.05 && tissueCoverage < 0.9,
                "tissueCoverage must be in (0.05, 0.9), got " + tissueCoverage);
        require(levels != null && format != null && resolution != null && artefacts != null && appearance != null,
                "levels, format, resolution and artefacts must be given (LevelLayout.TWO_X, SlideFormat.GENERIC_TIFF, "
                        + "ResolutionMetadata.MPP, Artefacts.NONE and TissueAppearance.CLASSIC are the usual ones)");
        require(!(format == SlideFormat.GENERIC_TIFF && resolution == ResolutionMetadata.OBJECTIVE_ONLY),
                "a generic TIFF cannot state the objective power only: OpenSlide 3.4.1 reads no objective power "
                        + "from generic-tiff; use APERIO_SVS for OBJECTIVE_ONLY, or MPP or NONE");
    }

    /** A generic TIFF with 2x levels, its mpp in the resolution tags, no artefacts and the classic look. */
    public SyntheticSlideSpec(long seed, int width, int height, double mpp, int tileSize, int jpegQuality,
                              int maskDownsample, int lesionCount, double minLesionDiameterUm,
                              double maxLesionDiameterUm, double tissueCoverage) {
        this(seed, width, height, mpp, tileSize, jpegQuality, maskDownsample, lesionCount, minLesionDiameterUm,
                maxLesionDiameterUm, tissueCoverage, LevelLayout.TWO_X, SlideFormat.GENERIC_TIFF,
                ResolutionMetadata.MPP, Artefacts.NONE, TissueAppearance.CLASSIC);
    }

    /** A slide of the given size with defaults: 0.5 µm/px, 4 lesions of 150 µm to 1.5 mm, 40 % tissue. */
    public static SyntheticSlideSpec of(long seed, int width, int height) {
        return new SyntheticSlideSpec(seed, width, height, DEFAULT_MPP, DEFAULT_TILE_SIZE, DEFAULT_JPEG_QUALITY,
                DEFAULT_MASK_DOWNSAMPLE, 4, 150, 1500, 0.4);
    }

    /**
     * 4096x4096 px (2 x 2 mm): generates in seconds. Three lesions of 280 to 450 µm, so that each is several
     * 64 px patches wide at downsample 2, on generous tissue so that they fit.
     */
    public static SyntheticSlideSpec forTests(long seed) {
        return new SyntheticSlideSpec(seed, 4096, 4096, DEFAULT_MPP, DEFAULT_TILE_SIZE, DEFAULT_JPEG_QUALITY,
                DEFAULT_MASK_DOWNSAMPLE, 3, 280, 450, 0.5);
    }

    /**
     * As {@link #forTests} in size, with the hard look ({@link TissueAppearance#HARD}): lesions from isolated
     * tumour cells (100 µm) to 1.2 mm, a pen mark over the tissue, air bubbles, and every other slide on grey
     * glass. For training and evaluating models on something a trivial rule does not solve.
     */
    public static SyntheticSlideSpec hard(long seed) {
        return forTests(seed).withLesionCount(4).withLesionDiametersUm(100, 1200)
                .withArtefacts(new Artefacts(seed % 2 == 1, false, 1, 2)).withAppearance(TissueAppearance.HARD);
    }

    /** 61440x40960 px (30.7 x 20.5 mm at 0.5 µm/px), the size of a real lymph-node scan. */
    public static SyntheticSlideSpec forBenchmark(long seed) {
        return new SyntheticSlideSpec(seed, 61440, 40960, DEFAULT_MPP, DEFAULT_TILE_SIZE, DEFAULT_JPEG_QUALITY,
                DEFAULT_MASK_DOWNSAMPLE, 6, 150, 1500, 0.4);
    }

    /**
     * A CAMELYON16-sized lymph-node slide: 98304x196608 px at 0.25 µm/px (24.6 x 49.2 mm, a 40x scan),
     * 2x levels, a quarter of it tissue (node sections leave most of the glass bare), five metastases from
     * isolated tumour cells (100 µm) to a macro-metastasis (2.5 mm). Masks at 32 px (8 µm, as the other
     * presets' 16 px at 0.5 µm/px). 19.3 gigapixels: at the 20 ms per megapixel measured on 2 busy cores
     * (a 49152 x 49152 slice of it took 48 s), about 6.5 minutes and 2 GB of file.
     */
    public static SyntheticSlideSpec camelyon16(long seed) {
        return new SyntheticSlideSpec(seed, 98304, 196608, 0.25, DEFAULT_TILE_SIZE, DEFAULT_JPEG_QUALITY,
                32, 5, 100, 2500, 0.25);
    }

    public SyntheticSlideSpec withSize(int newWidth, int newHeight) {
        return new SyntheticSlideSpec(seed, newWidth, newHeight, mpp, tileSize, jpegQuality, maskDownsample,
                lesionCount, minLesionDiameterUm, maxLesionDiameterUm, tissueCoverage, levels, format, resolution,
                artefacts, appearance);
    }

    /** Changes the mpp and keeps the pixel size: the slide then covers a different area of glass. */
    public SyntheticSlideSpec withMpp(double newMpp) {
        return new SyntheticSlideSpec(seed, width, height, newMpp, tileSize, jpegQuality, maskDownsample,
                lesionCount, minLesionDiameterUm, maxLesionDiameterUm, tissueCoverage, levels, format, resolution,
                artefacts, appearance);
    }

    /**
     * The same piece of glass scanned at another resolution: changes the mpp and scales the pixel size
     * (rounded) so that the physical size stays. The slide shows the same tissue, lesions and cells at the
     * same places in µm. The mask downsample stays in pixels, so the masks get finer with the pixels.
     */
    public SyntheticSlideSpec withMppKeepingArea(double newMpp) {
        require(newMpp > 0, "mpp must be positive, got " + newMpp);
        int newWidth = (int) Math.round(width * mpp / newMpp);
        int newHeight = (int) Math.round(height * mpp / newMpp);
        return withMpp(newMpp).withSize(newWidth, newHeight);
    }

    public SyntheticSlideSpec withLesionCount(int newLesionCount) {
        return new SyntheticSlideSpec(seed, width, height, mpp, tileSize, jpegQuality, maskDownsample,
                newLesionCount, minLesionDiameterUm, maxLesionDiameterUm, tissueCoverage, levels, format, resolution,
                artefacts, appearance);
    }

    public SyntheticSlideSpec withLesionDiametersUm(double min, double max) {
        return new SyntheticSlideSpec(seed, width, height, mpp, tileSize, jpegQuality, maskDownsample,
                lesionCount, min, max, tissueCoverage, levels, format, resolution, artefacts, appearance);
    }

    public SyntheticSlideSpec withJpegQuality(int newQuality) {
        return new SyntheticSlideSpec(seed, width, height, mpp, tileSize, newQuality, maskDownsample,
                lesionCount, minLesionDiameterUm, maxLesionDiameterUm, tissueCoverage, levels, format, resolution,
                artefacts, appearance);
    }

    public SyntheticSlideSpec withMaskDownsample(int newMaskDownsample) {
        return new SyntheticSlideSpec(seed, width, height, mpp, tileSize, jpegQuality, newMaskDownsample,
                lesionCount, minLesionDiameterUm, maxLesionDiameterUm, tissueCoverage, levels, format, resolution,
                artefacts, appearance);
    }

    public SyntheticSlideSpec withTissueCoverage(double newCoverage) {
        return new SyntheticSlideSpec(seed, width, height, mpp, tileSize, jpegQuality, maskDownsample,
                lesionCount, minLesionDiameterUm, maxLesionDiameterUm, newCoverage, levels, format, resolution,
                artefacts, appearance);
    }

    public SyntheticSlideSpec withLevels(LevelLayout newLevels) {
        return new SyntheticSlideSpec(seed, width, height, mpp, tileSize, jpegQuality, maskDownsample,
                lesionCount, minLesionDiameterUm, maxLesionDiameterUm, tissueCoverage, newLevels, format, resolution,
                artefacts, appearance);
    }

    public SyntheticSlideSpec withFormat(SlideFormat newFormat) {
        return new SyntheticSlideSpec(seed, width, height, mpp, tileSize, jpegQuality, maskDownsample,
                lesionCount, minLesionDiameterUm, maxLesionDiameterUm, tissueCoverage, levels, newFormat, resolution,
                artefacts, appearance);
    }

    public SyntheticSlideSpec withResolution(ResolutionMetadata newResolution) {
        return new SyntheticSlideSpec(seed, width, height, mpp, tileSize, jpegQuality, maskDownsample,
                lesionCount, minLesionDiameterUm, maxLesionDiameterUm, tissueCoverage, levels, format, newResolution,
                artefacts, appearance);
    }

    public SyntheticSlideSpec withArtefacts(Artefacts newArtefacts) {
        return new SyntheticSlideSpec(seed, width, height, mpp, tileSize, jpegQuality, maskDownsample,
                lesionCount, minLesionDiameterUm, maxLesionDiameterUm, tissueCoverage, levels, format, resolution,
                newArtefacts, appearance);
    }

    public SyntheticSlideSpec withAppearance(TissueAppearance newAppearance) {
        return new SyntheticSlideSpec(seed, width, height, mpp, tileSize, jpegQuality, maskDownsample,
                lesionCount, minLesionDiameterUm, maxLesionDiameterUm, tissueCoverage, levels, format, resolution,
                artefacts, newAppearance);
    }

    /**
     * The objective power a scanner would state for this resolution: 10 µm over the mpp (20x at
     * 0.5 µm/px, 40x at 0.25), rounded, at least 1.
     */
    public int objectivePower() {
        return (int) Math.max(1, Math.round(10 / mpp));
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
