package io.slidestream.core.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
