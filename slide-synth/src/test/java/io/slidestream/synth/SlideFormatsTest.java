package io.slidestream.synth;

import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.Slide;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each level layout in each format, opened by real OpenSlide: 2304 x 1152 px slides, so that a 4x pyramid
 * has three levels (1, 4, 16) with exact downsamples. Every resolution option appears in both formats.
 */
class SlideFormatsTest {
    private static final long SEED = 31;
    private static final SyntheticSlideSpec BASE = SyntheticSlideSpec.of(SEED, 2304, 1152).withLesionCount(2)
            .withLesionDiametersUm(100, 250);

    @TempDir
    static Path dir;
    private static final Map<LevelLayout, Path> TIFFS = new EnumMap<>(LevelLayout.class);
    private static final Map<LevelLayout, Path> SVSS = new EnumMap<>(LevelLayout.class);
    private static final Map<Path, GroundTruth> TRUTHS = new HashMap<>();

    /** Generic TIFF: 2x with mpp, 4x with none, single with mpp. SVS: 2x objective only, 4x mpp, single none. */
    @BeforeAll
    static void generate() throws IOException {
        generate(TIFFS, LevelLayout.TWO_X, BASE.withResolution(ResolutionMetadata.MPP), "two.tiff");
        generate(TIFFS, LevelLayout.FOUR_X, BASE.withResolution(ResolutionMetadata.NONE), "four.tiff");
        generate(TIFFS, LevelLayout.SINGLE, BASE, "single.tiff");
        SyntheticSlideSpec svs = BASE.withFormat(SlideFormat.APERIO_SVS);
        // Distinct base names: x.tiff and x.svs would share x.truth.json.
        generate(SVSS, LevelLayout.TWO_X, svs.withResolution(ResolutionMetadata.OBJECTIVE_ONLY), "two-aperio.svs");
        generate(SVSS, LevelLayout.FOUR_X, svs.withResolution(ResolutionMetadata.MPP), "four-aperio.svs");
        generate(SVSS, LevelLayout.SINGLE, svs.withResolution(ResolutionMetadata.NONE), "single-aperio.svs");
    }

    private static void generate(Map<LevelLayout, Path> into, LevelLayout layout, SyntheticSlideSpec spec,
                                 String name) throws IOException {
        Path slide = dir.resolve(name);
        TRUTHS.put(slide, SyntheticSlideGenerator.generate(spec.withLevels(layout), slide));
        into.put(layout, slide);
    }

    @Test
    void everyLayoutHasTheLevelsAndDownsamplesItPromisesInBothFormats() {
        Map<LevelLayout, List<Integer>> downsamples = Map.of(
                LevelLayout.TWO_X, List.of(1, 2, 4, 8),
                LevelLayout.FOUR_X, List.of(1, 4, 16),
                LevelLayout.SINGLE, List.of(1));
        for (Map<LevelLayout, Path> format : List.of(TIFFS, SVSS)) {
            format.forEach((layout, path) -> {
                try (Slide slide = Slide.open(path)) {
                    List<Integer> expected = downsamples.get(layout);
                    assertEquals(expected.size(), slide.levelCount(), path.toString());
                    for (int level = 0; level < expected.size(); level++) {
                        int downsample = expected.get(level);
                        assertEquals(downsample, slide.levelDownsample(level), 0, path + " level " + level);
                        assertEquals(2304 / downsample, slide.levelWidth(level), path + " level " + level);
                        assertEquals(1152 / downsample, slide.levelHeight(level), path + " level " + level);
                    }
                }
            });
        }
    }

    @Test
    void vendorIsGenericTiffOrAperio() {
        TIFFS.values().forEach(path -> assertEquals("generic-tiff", vendor(path), path.toString()));
        SVSS.values().forEach(path -> assertEquals("aperio", vendor(path), path.toString()));
    }

    @Test
    void aperioSlidesHaveThumbnailLabelAndMacroAndGenericOnesNone() {
        for (Path path : SVSS.values()) {
            try (Slide slide = Slide.open(path)) {
                assertEquals(Set.of("thumbnail", "label", "macro"), Set.copyOf(slide.associatedImageNames()),
                        path.toString());
            }
        }
        for (Path path : TIFFS.values()) {
            try (Slide slide = Slide.open(path)) {
                assertEquals(List.of(), slide.associatedImageNames(), path.toString());
            }
        }
    }

    @Test
    void resolutionIsStatedOnlyWhereTheSpecSaysSo() {
        // Generic TIFF with mpp: the resolution tags (OpenSlide 3.4.1 reports no openslide.mpp-x for them).
        try (Slide slide = Slide.open(TIFFS.get(LevelLayout.TWO_X))) {
            assertEquals("centimeter", slide.properties().get("tiff.ResolutionUnit"));
            assertEquals(0.5, slide.mppX(), 1e-9);
            assertFalse(slide.properties().containsKey("openslide.objective-power"));
        }
        // Generic TIFF with none: no resolution tags, and the comment does not give it away either.
        try (Slide slide = Slide.open(TIFFS.get(LevelLayout.FOUR_X))) {
            assertFalse(slide.properties().containsKey("tiff.XResolution"));
            assertFalse(slide.properties().containsKey("tiff.YResolution"));
            assertEquals(0, slide.mppX());
            assertEquals(0, slide.mppY());
            assertFalse(slide.properties().get("openslide.comment").contains("mpp"),
                    slide.properties().get("openslide.comment"));
        }
        // Aperio with mpp: MPP and AppMag, as every real Aperio scan; no TIFF resolution tags.
        try (Slide slide = Slide.open(SVSS.get(LevelLayout.FOUR_X))) {
            assertEquals("0.5", slide.properties().get("openslide.mpp-x"));
            assertEquals("0.5", slide.properties().get("openslide.mpp-y"));
            assertEquals("20", slide.properties().get("openslide.objective-power"));
            assertFalse(slide.properties().containsKey("tiff.XResolution"));
            assertEquals(0.5, slide.mppX(), 1e-9);
        }
        // Aperio with the objective only: AppMag but no mpp anywhere.
        try (Slide slide = Slide.open(SVSS.get(LevelLayout.TWO_X))) {
            assertEquals("20", slide.properties().get("openslide.objective-power"));
            assertFalse(slide.properties().containsKey("openslide.mpp-x"));
            assertFalse(slide.properties().containsKey("aperio.MPP"));
            assertFalse(slide.properties().containsKey("tiff.XResolution"));
            assertEquals(0, slide.mppX());
        }
        // Aperio with none: neither.
        try (Slide slide = Slide.open(SVSS.get(LevelLayout.SINGLE))) {
            assertFalse(slide.properties().containsKey("openslide.objective-power"));
            assertFalse(slide.properties().containsKey("openslide.mpp-x"));
            assertFalse(slide.properties().containsKey("aperio.AppMag"));
            assertEquals(0, slide.mppX());
        }
    }

    @Test
    void truthAlwaysRecordsTheRealMpp() throws IOException {
        for (Path path : TRUTHS.keySet()) {
            assertEquals(0.5, GroundTruth.load(path).mpp(), path.toString());
        }
    }

    @Test
    void objectiveOnlyIsRefusedForGenericTiffWithAReason() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> BASE.withResolution(ResolutionMetadata.OBJECTIVE_ONLY));
        assertTrue(refused.getMessage().contains("objective power"), refused.getMessage());
    }

    @Test
    void tiffAndSvsOfTheSameSpecHaveTheSamePixels() {
        for (LevelLayout layout : LevelLayout.values()) {
            try (Slide tiff = Slide.open(TIFFS.get(layout)); Slide svs = Slide.open(SVSS.get(layout))) {
                for (int level = 0; level < tiff.levelCount(); level++) {
                    int w = (int) Math.min(700, tiff.levelWidth(level));
                    int h = (int) Math.min(500, tiff.levelHeight(level));
                    RegionRequest region = new RegionRequest(level, 0, 0, w, h);
                    assertArrayEquals(tiff.read(region).rgb(), svs.read(region).rgb(), layout + " level " + level);
                }
                RegionRequest middle = new RegionRequest(0, 1000, 400, 640, 480);
                assertArrayEquals(tiff.read(middle).rgb(), svs.read(middle).rgb(), layout + " middle");
            }
        }
    }

    @Test
    void aperioPropertiesCarryTheMadeUpPatientTheTruthNames() throws IOException {
        Path path = SVSS.get(LevelLayout.FOUR_X);
        GroundTruth truth = GroundTruth.load(path);
        Map<String, String> vendor = truth.vendorProperties();
        try (Slide slide = Slide.open(path)) {
            vendor.forEach((key, value) -> assertEquals(value, slide.properties().get("aperio." + key), key));
            assertTrue(slide.properties().get("openslide.comment").startsWith("Aperio Image Library"));
        }
        assertTrue(vendor.get("Filename").matches("PATIENT-[A-Z]+-[A-Z]+-(19|20)\\d\\d"), vendor.get("Filename"));
        assertTrue(vendor.get("User").matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"),
                vendor.get("User"));
        assertTrue(vendor.get("Date").matches("\\d\\d/\\d\\d/\\d\\d"), vendor.get("Date"));
        assertTrue(vendor.get("Time").matches("\\d\\d:\\d\\d:\\d\\d"), vendor.get("Time"));
        for (String key : List.of("Filename", "User", "Date", "Time")) {
            assertTrue(truth.phiValues().contains(vendor.get(key)), key + " among " + truth.phiValues());
        }
        // The same seed is the same patient, whatever the layout; the generic TIFF names none.
        assertEquals(truth.phiValues(), GroundTruth.load(SVSS.get(LevelLayout.TWO_X)).phiValues());
        assertEquals(Map.of(), GroundTruth.load(TIFFS.get(LevelLayout.FOUR_X)).vendorProperties());
        assertEquals(List.of(), GroundTruth.load(TIFFS.get(LevelLayout.FOUR_X)).phiValues());
    }

    @Test
    void labelThatOpenSlideDecodesShowsThePatientInPrint() throws Throwable {
        Path path = SVSS.get(LevelLayout.SINGLE);
        AperioMetadata.Identity identity = AperioMetadata.of(BASE.withFormat(SlideFormat.APERIO_SVS)).identity();
        assertEquals(GroundTruth.load(path).phiValues(), identity.values());
        assertEquals(identity.filename(), AssociatedImages.labelLines(identity).getFirst());

        RgbImage label = OpenSlideAssociatedImages.read(path, "label");
        BufferedImage drawn = AssociatedImages.label(identity);
        assertEquals(drawn.getWidth(), label.width());
        assertEquals(drawn.getHeight(), label.height());
        // The decoded label is the drawn one, up to JPEG: the printed lines survive.
        double difference = 0;
        int inkRows = 0;
        for (int y = 0; y < label.height(); y++) {
            int dark = 0;
            for (int x = 0; x < label.width(); x++) {
                int decoded = label.rgbAt(x, y);
                int original = drawn.getRGB(x, y) & 0xffffff;
                difference += Math.abs(((decoded >> 8) & 0xff) - ((original >> 8) & 0xff));
                dark += ((decoded >> 8) & 0xff) < 100 ? 1 : 0;
            }
            inkRows += dark > 0 ? 1 : 0;
        }
        assertTrue(difference / (label.width() * label.height()) < 4, "mean difference " + difference);
        assertTrue(inkRows > 100, "rows with print or barcode: " + inkRows);
        // Another seed is another patient.
        assertFalse(AperioMetadata.of(BASE.withFormat(SlideFormat.APERIO_SVS)).identity()
                .equals(AperioMetadata.of(SyntheticSlideSpec.of(SEED + 1, 2304, 1152)
                        .withFormat(SlideFormat.APERIO_SVS)).identity()));
    }

    @Test
    void macroAndThumbnailDecodeAndShowTheSlide() throws Throwable {
        Path path = SVSS.get(LevelLayout.FOUR_X);
        RgbImage thumbnail = OpenSlideAssociatedImages.read(path, "thumbnail");
        assertEquals(576, thumbnail.width(), "the first halving of a 2304 px slide within 1024 px");
        assertEquals(288, thumbnail.height());
        RgbImage macro = OpenSlideAssociatedImages.read(path, "macro");
        assertEquals(AssociatedImages.MACRO_WIDTH, macro.width());
        // The scanned area of the macro holds tissue: pink pixels, red well above green.
        long pink = IntStream.range(0, macro.width() * macro.height())
                .map(i -> macro.rgbAt(i % macro.width(), i / macro.width()))
                .filter(rgb -> ((rgb >> 16) & 0xff) - ((rgb >> 8) & 0xff) > 30).count();
        assertTrue(pink > 5000, "pink macro pixels: " + pink);
    }

    @Test
    void aperioBytesAreDeterministicToo() throws IOException {
        SyntheticSlideSpec spec = SyntheticSlideSpec.of(5, 1024, 768).withLesionCount(1)
                .withLesionDiametersUm(100, 150).withFormat(SlideFormat.APERIO_SVS).withLevels(LevelLayout.FOUR_X);
        Path first = Files.createDirectories(dir.resolve("first")).resolve("again.svs");
        Path second = Files.createDirectories(dir.resolve("second")).resolve("again.svs");
        SyntheticSlideGenerator.generate(spec, first);
        SyntheticSlideGenerator.generate(spec, second);

        assertEquals(-1, Files.mismatch(first, second));
        assertEquals(Files.readString(GroundTruth.truthPath(first)), Files.readString(GroundTruth.truthPath(second)));
    }

    private static String vendor(Path path) {
        try (Slide slide = Slide.open(path)) {
            return slide.properties().get("openslide.vendor");
        }
    }
}
