package io.slidestream.core.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelMetadataTest {
    private static final ModelMetadata TWO_TOWER = ModelMetadata.of("demo", "2", List.of(
            new ModelInput("patch", InputRole.PATCH, 64, 1.0), new ModelInput("context", InputRole.CONTEXT, 64, 4.0)),
            "tumour_probability", ModelMetadata.MINUS_ONE_TO_ONE, 0.5);

    @Test
    void packageWrittenTodayReadsBackWithEveryInputsPixelsAndMicronsPerPixel(@TempDir Path dir) throws IOException {
        TWO_TOWER.write(dir);
        String json = Files.readString(dir.resolve(ModelMetadata.FILE_NAME));
        assertTrue(json.contains("\"role\" : \"context\"") && json.contains("\"mpp\" : 4.0"), json);
        assertEquals(TWO_TOWER, ModelMetadata.read(dir));
    }

    @Test
    void testTimeAugmentationAndStainNormalisationRoundTripAndAreOffWhenAbsent(@TempDir Path dir) throws IOException {
        String plain = Files.readString(writeAndRead(TWO_TOWER, dir));
        assertTrue(!plain.contains("stainNormalisation") && plain.contains("\"testTimeAugmentation\" : \"none\""), plain);
        assertEquals(TWO_TOWER, ModelMetadata.read(dir));
        assertFalse(ModelMetadata.read(dir).dihedralTta());

        ModelMetadata both = TWO_TOWER.withTestTimeAugmentation(ModelMetadata.TTA_DIHEDRAL8)
                .withStainNormalisation(StainNormalisation.reinhard(
                        StainNormalisation.LabStatistics.of(72.5, 18.0, -12.0, 14.0, 8.0, 6.5)));
        String json = Files.readString(writeAndRead(both, dir));
        assertTrue(json.contains("\"testTimeAugmentation\" : \"dihedral8\"") && json.contains("\"method\" : \"reinhard\"")
                && json.contains("72.5"), json);
        ModelMetadata read = ModelMetadata.read(dir);
        assertEquals(both, read);
        assertTrue(read.dihedralTta());
        assertEquals(List.of(14.0, 8.0, 6.5), read.stainNormalisation().reference().std());
        assertEquals(TWO_TOWER, read.withTestTimeAugmentation(null).withStainNormalisation(null));
    }

    @Test
    void packageWrittenBeforeTheOptionsLoadsWithBothOff(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(ModelMetadata.FILE_NAME), """
                {"formatVersion":2,"name":"demo","version":"2","inputs":[{"name":"patch","role":"patch","size":64,"mpp":1.0},
                 {"name":"context","role":"context","size":64,"mpp":4.0}],
                 "output":"tumour_probability","normalisation":"minus-one-to-one","threshold":0.5}""");
        ModelMetadata old = ModelMetadata.read(dir);
        assertEquals(ModelMetadata.TTA_NONE, old.testTimeAugmentation());
        assertNull(old.stainNormalisation());
        assertEquals(2, old.formatVersion());
        assertEquals(inFormat(2, TWO_TOWER), old);
        Files.writeString(dir.resolve(ModelMetadata.FILE_NAME), """
                {"name":"slidestream-demo","version":"1","inputSize":64,"patchInput":"patch",
                 "output":"tumour_probability","normalisation":"minus-one-to-one","threshold":0.5}""");
        assertFalse(ModelMetadata.read(dir).dihedralTta());
        assertNull(ModelMetadata.read(dir).stainNormalisation());
    }

    @Test
    void unknownAugmentationOrStainMethodIsRefusedNamingTheFileAndTheValue(@TempDir Path dir) throws IOException {
        String base = """
                {"formatVersion":2,"name":"x","version":"1","inputs":[{"name":"patch","role":"patch","size":64,"mpp":1.0}],
                 "output":"p","normalisation":"minus-one-to-one","threshold":0.5,""";
        Files.writeString(dir.resolve(ModelMetadata.FILE_NAME), base + "\"testTimeAugmentation\":\"rot4\"}");
        String why = assertThrows(UncheckedIOException.class, () -> ModelMetadata.read(dir)).getMessage();
        assertTrue(why.contains(ModelMetadata.FILE_NAME) && why.contains("testTimeAugmentation 'rot4'")
                && why.contains("dihedral8"), why);

        Files.writeString(dir.resolve(ModelMetadata.FILE_NAME), base + """
                "stainNormalisation":{"method":"macenko","reference":{"mean":[70,15,-10],"std":[15,8,6]}}}""");
        why = assertThrows(UncheckedIOException.class, () -> ModelMetadata.read(dir)).getMessage();
        assertTrue(why.contains(ModelMetadata.FILE_NAME) && why.contains("stainNormalisation method 'macenko'")
                && why.contains("reinhard"), why);

        Files.writeString(dir.resolve(ModelMetadata.FILE_NAME), base + """
                "stainNormalisation":{"method":"reinhard","reference":{"mean":[70,15],"std":[15,8,6]}}}""");
        why = assertThrows(UncheckedIOException.class, () -> ModelMetadata.read(dir)).getMessage();
        assertTrue(why.contains("three L*a*b* values"), why);

        Files.writeString(dir.resolve(ModelMetadata.FILE_NAME), base + """
                "stainNormalisation":{"method":"reinhard","reference":{"mean":[70,15,-10],"std":[15,0,6]}}}""");
        why = assertThrows(UncheckedIOException.class, () -> ModelMetadata.read(dir)).getMessage();
        assertTrue(why.contains("positive"), why);
    }

    @Test
    void engineLayoutOutputKindAndImagenetNormalisationRoundTrip(@TempDir Path dir) throws IOException {
        String plain = Files.readString(writeAndRead(TWO_TOWER, dir));
        assertTrue(plain.contains("\"formatVersion\" : 3") && plain.contains("\"engine\" : \"tensorflow\"")
                && plain.contains("\"layout\" : \"NHWC\"") && plain.contains("\"outputKind\" : \"probability\""), plain);

        ModelMetadata torch = new ModelMetadata(ModelMetadata.FORMAT_VERSION, "fcn", "7", TWO_TOWER.inputs(), "logits_map",
                ModelMetadata.IMAGENET, 0.4, ModelMetadata.TTA_NONE, null, ModelMetadata.ENGINE_ONNXRUNTIME,
                ModelMetadata.LAYOUT_NCHW, ModelMetadata.OUTPUT_PROBABILITY_MAP);
        String json = Files.readString(writeAndRead(torch, dir));
        assertTrue(json.contains("\"engine\" : \"onnxruntime\"") && json.contains("\"layout\" : \"NCHW\"")
                && json.contains("\"outputKind\" : \"probability-map\"") && json.contains("\"normalisation\" : \"imagenet\""),
                json);
        ModelMetadata read = ModelMetadata.read(dir);
        assertEquals(torch, read);
        assertEquals(InputNormalisation.IMAGENET, read.inputNormalisation());
        ModelMetadata viaWithers = TWO_TOWER.withEngine(ModelMetadata.ENGINE_ONNXRUNTIME)
                .withLayout(ModelMetadata.LAYOUT_NCHW).withOutputKind(ModelMetadata.OUTPUT_PROBABILITY_MAP);
        assertEquals(List.of(torch.engine(), torch.layout(), torch.outputKind()),
                List.of(viaWithers.engine(), viaWithers.layout(), viaWithers.outputKind()));
        assertEquals(TWO_TOWER, viaWithers.withEngine(null).withLayout(null).withOutputKind(null), "absent is the default");
    }

    @Test
    void formatTwoPackageLoadsAsTensorflowNhwcProbabilityAndAbsentNormalisationIsMinusOneToOne(@TempDir Path dir)
            throws IOException {
        Files.writeString(dir.resolve(ModelMetadata.FILE_NAME), """
                {"formatVersion":2,"name":"demo","version":"2","inputs":[{"name":"patch","role":"patch","size":64,"mpp":1.0},
                 {"name":"context","role":"context","size":64,"mpp":4.0}],
                 "output":"tumour_probability","normalisation":"minus-one-to-one","threshold":0.5,
                 "testTimeAugmentation":"none"}""");
        ModelMetadata old = ModelMetadata.read(dir);
        assertEquals(ModelMetadata.ENGINE_TENSORFLOW, old.engine());
        assertEquals(ModelMetadata.LAYOUT_NHWC, old.layout());
        assertEquals(ModelMetadata.OUTPUT_PROBABILITY, old.outputKind());
        assertEquals(InputNormalisation.MINUS_ONE_TO_ONE, old.inputNormalisation());
        assertEquals(inFormat(2, TWO_TOWER), old);

        Files.writeString(dir.resolve(ModelMetadata.FILE_NAME), """
                {"formatVersion":2,"name":"demo","version":"2","inputs":[{"name":"patch","role":"patch","size":64,"mpp":1.0}],
                 "output":"p","threshold":0.5}""");
        assertEquals(ModelMetadata.MINUS_ONE_TO_ONE, ModelMetadata.read(dir).normalisation());
        Files.writeString(dir.resolve(ModelMetadata.FILE_NAME), """
                {"name":"slidestream-demo","version":"1","inputSize":64,"patchInput":"patch",
                 "output":"tumour_probability","threshold":0.5}""");
        ModelMetadata formatOne = ModelMetadata.read(dir);
        assertEquals(List.of(ModelMetadata.MINUS_ONE_TO_ONE, ModelMetadata.ENGINE_TENSORFLOW, ModelMetadata.LAYOUT_NHWC,
                        ModelMetadata.OUTPUT_PROBABILITY),
                List.of(formatOne.normalisation(), formatOne.engine(), formatOne.layout(), formatOne.outputKind()));
    }

    @Test
    void unknownEngineLayoutOutputKindOrNormalisationIsRefusedNamingTheFileAndTheAllowedValues(@TempDir Path dir)
            throws IOException {
        String base = """
                {"formatVersion":3,"name":"x","version":"1","inputs":[{"name":"patch","role":"patch","size":64,"mpp":1.0}],
                 "output":"p","threshold":0.5,""";
        for (String[] bad : List.of(
                new String[] {"\"engine\":\"pytorch\"", "engine 'pytorch'", "'tensorflow' and 'onnxruntime'"},
                new String[] {"\"layout\":\"nchw\"", "layout 'nchw'", "'NHWC' and 'NCHW'"},
                new String[] {"\"outputKind\":\"logit\"", "outputKind 'logit'", "'probability' and 'probability-map'"},
                new String[] {"\"normalisation\":\"zero-to-one\"", "normalisation 'zero-to-one'",
                        "'minus-one-to-one' and 'imagenet'"})) {
            Files.writeString(dir.resolve(ModelMetadata.FILE_NAME), base + bad[0] + "}");
            String why = assertThrows(UncheckedIOException.class, () -> ModelMetadata.read(dir)).getMessage();
            assertTrue(why.contains(ModelMetadata.FILE_NAME) && why.contains("unknown " + bad[1]) && why.contains(bad[2]), why);
        }
        assertThrows(IllegalArgumentException.class, () -> TWO_TOWER.withEngine("TensorFlow"));
    }

    /** {@code m} as read from a file of format {@code formatVersion}. */
    private static ModelMetadata inFormat(int formatVersion, ModelMetadata m) {
        return new ModelMetadata(formatVersion, m.name(), m.version(), m.inputs(), m.output(), m.normalisation(),
                m.threshold(), m.testTimeAugmentation(), m.stainNormalisation(), m.engine(), m.layout(), m.outputKind());
    }

    private static Path writeAndRead(ModelMetadata metadata, Path dir) {
        metadata.write(dir);
        return dir.resolve(ModelMetadata.FILE_NAME);
    }

    @Test
    void formatOnePackageStillLoadsAtTheResolutionItWasTrainedAt(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(ModelMetadata.FILE_NAME), """
                {"name":"slidestream-demo","version":"1","inputSize":64,"patchInput":"patch","contextInput":"context",
                 "output":"tumour_probability","normalisation":"minus-one-to-one","threshold":0.5}""");
        ModelMetadata legacy = ModelMetadata.read(dir);
        assertEquals(1, legacy.formatVersion());
        assertEquals(new ModelInput("patch", InputRole.PATCH, 64, 1.0), legacy.patchInput());
        assertEquals(List.of(new ModelInput("context", InputRole.CONTEXT, 64, 4.0)), legacy.contextInputs());
        assertTrue(legacy.profile().mismatchWith(TWO_TOWER).isEmpty(), "same inputs as today's demo package");
    }

    @Test
    void pcamStyleSingleInputModelHasNoContext(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(ModelMetadata.FILE_NAME), """
                {"formatVersion":2,"name":"pcam","version":"1","inputs":[{"name":"x","role":"patch","size":96,"mpp":0.972}],
                 "output":"p","normalisation":"minus-one-to-one","threshold":0.5}""");
        ModelMetadata pcam = ModelMetadata.read(dir);
        assertEquals(96, pcam.patchInput().size());
        assertTrue(pcam.contextInputs().isEmpty());
        assertEquals("pcam", pcam.profile().name());
    }

    @Test
    void metadataWithoutAPatchInputIsRefusedNamingTheFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(ModelMetadata.FILE_NAME), """
                {"formatVersion":2,"name":"bad","version":"1","inputs":[{"name":"c","role":"context","size":64,"mpp":4}]}""");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> ModelMetadata.read(dir));
        assertTrue(e.getMessage().contains(ModelMetadata.FILE_NAME) && e.getMessage().contains("patch input"),
                e.getMessage());
        Files.writeString(dir.resolve(ModelMetadata.FILE_NAME), "[]");
        assertThrows(UncheckedIOException.class, () -> ModelMetadata.read(dir));
    }

    @Test
    void profileMismatchNamesBothSidesAndToleratesRoundedMpp() {
        AnalysisProfile rounded = new AnalysisProfile("lab", List.of(new ModelInput("patch", InputRole.PATCH, 64, 1.004),
                new ModelInput("context", InputRole.CONTEXT, 64, 3.99)));
        assertTrue(rounded.mismatchWith(TWO_TOWER).isEmpty());
        AnalysisProfile pcam = new AnalysisProfile("pcam", List.of(new ModelInput("patch", InputRole.PATCH, 96, 0.97)));
        String why = pcam.mismatchWith(TWO_TOWER).orElseThrow();
        assertTrue(why.contains("pcam") && why.contains("96 px at 0.97") && why.contains("demo:2"), why);
        AnalysisProfile twentyX = new AnalysisProfile("20x", List.of(new ModelInput("patch", InputRole.PATCH, 64, 0.5),
                new ModelInput("context", InputRole.CONTEXT, 64, 4.0)));
        assertTrue(twentyX.mismatchWith(TWO_TOWER).isPresent(), "same pixels at another resolution is another profile");
    }
}
