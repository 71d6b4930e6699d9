package io.slidestream.trainer;

import io.slidestream.core.model.ModelMetadata;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoModelTest {

    /** Shared with the modules that run the demo model, so it is trained once per build tree. */
    private static final Path SHARED_MODEL = Path.of(System.getProperty("slidestream.cache"), "demo-model");

    @Test
    @DisplayName("the demo model in the shared cache finds the tumour patches of the held-out slide")
    void demoModelDetectsHeldOutTumour(@TempDir Path work) throws Exception {
        long start = System.nanoTime();
        Path dir = DemoModel.ensure(SHARED_MODEL);
        double ensureSeconds = (System.nanoTime() - start) / 1e9;

        assertTrue(DemoModel.isComplete(dir));
        ModelMetadata stored = ModelMetadata.read(dir);
        assertEquals(DemoModel.metadata().withThreshold(stored.threshold()), stored);
        TrainingReport report = TrainingReport.read(dir);
        assertEquals(report.threshold(), stored.threshold(), "the package states the threshold training chose");
        List<LabelledPatch> heldOut = DemoModel.sampleSlide(DemoModel.VALIDATION_SLIDE_SEED, work);
        BinaryMetrics metrics;
        try (DjlPatchPredictor predictor = DjlPatchPredictor.load(dir)) {
            metrics = BinaryMetrics.of(ModelTraining.predict(ModelKind.TWO_TOWER, predictor::predict, heldOut), ModelTraining.labels(heldOut), stored.threshold());
        }
        System.out.printf("ensure took %.1f s; held-out slide %d through DJL: %s%ntraining report: %s%n",
                ensureSeconds, DemoModel.VALIDATION_SLIDE_SEED, metrics, report);

        assertTrue(metrics.truePositives() + metrics.falseNegatives() >= 20, "enough tumour patches to judge: " + metrics);
        assertTrue(metrics.auc() >= 0.9, "AUC " + metrics.auc());
        assertTrue(metrics.recall() >= 0.8, "recall " + metrics.recall());
        // Through DJL and the exported graph, the figures training reported for the threshold it chose.
        assertEquals(report.validation().f1(), metrics.f1(), 0.01, "F1 at the chosen threshold");
    }

    @Test
    @DisplayName("ensure leaves a complete package alone")
    void ensureKeepsACompletePackage() throws Exception {
        Path dir = DemoModel.ensure(SHARED_MODEL);
        FileTime built = Files.getLastModifiedTime(dir.resolve("saved_model.pb"));

        long start = System.nanoTime();
        DemoModel.ensure(SHARED_MODEL);

        assertTrue((System.nanoTime() - start) / 1e9 < 1, "returns at once");
        assertEquals(built, Files.getLastModifiedTime(dir.resolve("saved_model.pb")));
    }

    @Test
    @DisplayName("concurrent builds over an aborted one leave one complete package and no leftovers")
    void concurrentBuildsReplaceAnAbortedOne(@TempDir Path cache) throws Exception {
        Path dir = cache.resolve("model");
        Files.createDirectories(dir.resolve("variables"));
        Files.writeString(dir.resolve(ModelMetadata.FILE_NAME), "{}"); // an aborted build: no saved_model.pb
        Files.createDirectories(cache.resolve("model.staging-123"));
        TrainingConfig quick = TrainingConfig.DEFAULT.withSteps(3);

        try (ExecutorService callers = Executors.newFixedThreadPool(2)) {
            List<Future<Path>> results = callers.invokeAll(List.of(() -> DemoModel.ensure(dir, quick), () -> DemoModel.ensure(dir, quick)));
            for (Future<Path> result : results) {
                assertEquals(dir, result.get());
            }
        }

        assertTrue(DemoModel.isComplete(dir));
        ModelMetadata stored = ModelMetadata.read(dir);
        assertEquals(DemoModel.metadata().withThreshold(stored.threshold()), stored);
        assertEquals(3, TrainingReport.read(dir).config().steps());
        try (Stream<Path> siblings = Files.list(cache)) {
            assertEquals(List.of("model", "model.lock"), siblings.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertFalse(Files.exists(dir.resolve("model.staging-123")));
    }

    @Test
    @DisplayName("a cached package whose metadata or training report predates today's is trained again, not served stale")
    void staleMetadataFormatIsRebuilt(@TempDir Path cache) throws Exception {
        Path dir = cache.resolve("model");
        Files.createDirectories(dir.resolve("variables"));
        Files.writeString(dir.resolve("saved_model.pb"), "stale");
        Files.writeString(dir.resolve(ModelMetadata.FILE_NAME), """
                {"name":"slidestream-demo","version":"1","inputSize":64,"patchInput":"patch","contextInput":"context",
                 "output":"tumour_probability","normalisation":"minus-one-to-one","threshold":0.5}""");
        assertFalse(DemoModel.isComplete(dir));

        DemoModel.ensure(dir, TrainingConfig.DEFAULT.withSteps(2));

        assertEquals(ModelMetadata.FORMAT_VERSION, ModelMetadata.read(dir).formatVersion());
        assertTrue(Files.size(dir.resolve("saved_model.pb")) > 100, "a real SavedModel replaced the stale one");
        assertTrue(DemoModel.isComplete(dir));

        // A report from before early stopping (no patience): the package was trained by older code.
        Files.writeString(dir.resolve(TrainingReport.FILE_NAME), """
                {"config":{"steps":600,"batchSize":32,"learningRate":0.001,"seed":42},"trainingSlideSeeds":[1001],
                 "validationSlideSeed":2001}""");
        assertFalse(DemoModel.isComplete(dir));
    }
}
