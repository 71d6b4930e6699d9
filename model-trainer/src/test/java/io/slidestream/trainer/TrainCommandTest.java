package io.slidestream.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slidestream.core.model.ModelMetadata;
import io.slidestream.synth.GroundTruth;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training on a user's slides, as with CAMELYON16: a folder of slides, their truth in another folder (the
 * generator's files for two, ASAP XML for one, none for a slide without tumour), one slide named for
 * validation.
 */
class TrainCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path slides;
    static Path truth;

    @BeforeAll
    static void slidesWithTheirTruthApart() throws IOException {
        slides = Files.createDirectories(dir.resolve("slides"));
        truth = Files.createDirectories(dir.resolve("truth"));
        for (long seed : new long[] {11, 12, 13, 14}) {
            Path tiff = slides.resolve("s" + seed + ".tiff");
            SyntheticSlideGenerator.generate(SyntheticSlideSpec.hard(seed).withSize(2048, 2048), tiff);
            for (Path file : List.of(GroundTruth.truthPath(tiff), GroundTruth.tumourMaskPath(tiff),
                    GroundTruth.tissueMaskPath(tiff), GroundTruth.artefactMaskPath(tiff))) {
                if (Files.exists(file) && seed <= 12) {
                    Files.move(file, truth.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.deleteIfExists(file);
                }
            }
        }
        // s13's truth is a CAMELYON16-style polygon: the level-0 square 800..1200; s14 has none (a normal slide).
        Files.writeString(truth.resolve("s13.xml"), """
                <?xml version="1.0"?>
                <ASAP_Annotations><Annotations>
                  <Annotation Name="Annotation 0" Type="Polygon" PartOfGroup="Tumor"><Coordinates>
                    <Coordinate Order="0" X="800" Y="800" /><Coordinate Order="1" X="1200" Y="800" />
                    <Coordinate Order="2" X="1200" Y="1200" /><Coordinate Order="3" X="800" Y="1200" />
                  </Coordinates></Annotation>
                </Annotations></ASAP_Annotations>
                """);
    }

    @Test
    @DisplayName("slides and truth folders in, a model package out, sampled once and split by slide")
    void trainsOnUserSlides() throws Exception {
        Path out = dir.resolve("model");
        String[] args = {"--out", out.toString(), "--slides", slides.toString(), "--truth", truth.toString(),
                "--validation-slides", slides.resolve("s12.tiff").toString(), "--steps", "20", "--seed", "3"};
        Run run = run(args);

        assertEquals(0, run.exit, run.err);
        ModelMetadata metadata = ModelMetadata.read(out);
        assertEquals("slidestream-model", metadata.name());
        assertEquals(DemoModel.metadata().inputs(), metadata.inputs());
        TrainingReport report = TrainingReport.read(out);
        assertEquals(List.of("s11", "s13", "s14"), report.trainingSlides());
        assertEquals(List.of("s12"), report.validationSlides());
        assertEquals(report.threshold(), metadata.threshold());
        assertTrue(Files.isRegularFile(dir.resolve("model-onnx").resolve(OnnxExporter.MODEL_FILE)));

        Path datasetDir = dir.resolve("model-dataset");
        JsonNode manifest = JSON.readTree(datasetDir.resolve(TrainingData.MANIFEST).toFile());
        JsonNode s13 = slide(manifest, "s13");
        assertTrue(s13.get("truth").asText().endsWith("s13.xml"));
        // Window centres are 80 level-0 px apart, at 40 + 80k: 840, 920, 1000, 1080 and 1160 lie in 800..1200, and
        // the 80 px centre squares of the neighbours (760, 1240) hold no mask pixel of the square: 5 × 5 tumour windows.
        assertEquals(25, s13.get("tumour").asInt(), s13.toString());
        JsonNode s14 = slide(manifest, "s14");
        assertNull(s14.get("truth").textValue(), "no truth file: a normal slide");
        assertEquals(0, s14.get("tumour").asInt());
        assertEquals(64, s14.get("normal").asInt());
        TrainingData data = TrainingData.read(datasetDir).orElseThrow();
        try (PatchDataset training = data.openTraining(datasetDir); PatchDataset validation = data.openValidation(datasetDir)) {
            List<Integer> trainingSlides = new ArrayList<>();
            for (int i = 0; i < training.size(); i++) {
                trainingSlides.add(training.slideIndex(i));
            }
            int s12 = data.slides().indexOf(data.slides().stream().filter(s -> s.name().equals("s12")).findFirst().orElseThrow());
            assertTrue(trainingSlides.stream().noneMatch(i -> i == s12), "no window of validation slide s12 in training");
            assertEquals(data.count(true, true) + data.count(true, false), validation.size());
            for (int i = 0; i < validation.size(); i++) {
                assertEquals(s12, validation.slideIndex(i));
            }
        }

        // The package scores the validation windows through DJL as training reported.
        try (DjlPatchPredictor predictor = DjlPatchPredictor.load(out);
             PatchDataset validation = data.openValidation(datasetDir)) {
            BinaryMetrics metrics = BinaryMetrics.of(ModelTraining.predict(ModelKind.TWO_TOWER, predictor::predict, validation),
                    ModelTraining.labels(validation), metadata.threshold());
            assertEquals(report.validation().f1(), metrics.f1(), 0.01);
        }

        // Fine-tuning starts from the package's weights: a few more steps keep what it learnt.
        Run tuned = run("--out", dir.resolve("tuned").toString(), "--init", out.toString(), "--slides", slides.toString(),
                "--truth", truth.toString(), "--validation-slides", slides.resolve("s12.tiff").toString(), "--steps", "2",
                "--seed", "3", "--dataset", datasetDir.toString());
        assertEquals(0, tuned.exit, tuned.err);
        TrainingReport tunedReport = TrainingReport.read(dir.resolve("tuned"));
        assertEquals(report.validation().auc(), tunedReport.epochs().getFirst().validationAuc(), 0.1);
        Run wrongKind = run("--out", dir.resolve("wrong").toString(), "--kind", "pcam", "--init", out.toString(),
                "--slides", slides.toString(), "--truth", truth.toString(), "--steps", "1");
        assertEquals(1, wrongKind.exit);
        assertTrue(wrongKind.err.contains("holds a two-tower model; this is a pcam"), wrongKind.err);

        FileTime sampled = Files.getLastModifiedTime(datasetDir.resolve(TrainingData.TRAINING_FILE));
        Run again = run(args);
        assertEquals(0, again.exit, again.err);
        assertEquals(sampled, Files.getLastModifiedTime(datasetDir.resolve(TrainingData.TRAINING_FILE)),
                "the same slides sampled the same way: the dataset is reused");
    }

    @Test
    @DisplayName("--kind pcam trains seed 003's one-input 96 px model on 60 px centres")
    void trainsThePcamKind() throws Exception {
        Path out = dir.resolve("pcam");
        Run run = run("--out", out.toString(), "--kind", "pcam", "--slides", slides.toString(), "--truth", truth.toString(),
                "--validation-slides", slides.resolve("s12.tiff").toString(), "--steps", "10");

        assertEquals(0, run.exit, run.err);
        assertEquals(ModelKind.PCAM.inputs(), ModelMetadata.read(out).inputs());
        assertEquals(new SamplingPlan(60, 60, 0.1, 3, 64), TrainingReport.read(out).sampling());
        assertEquals(ModelKind.PCAM.inputs(), ModelMetadata.read(dir.resolve("pcam-onnx")).inputs());

        Run unknown = run("--out", dir.resolve("m5").toString(), "--kind", "resnet", "--slides", slides.toString());
        assertEquals(2, unknown.exit);
        assertTrue(unknown.err.contains("unknown model kind 'resnet'"), unknown.err);
    }

    @Test
    @DisplayName("--kind fcn samples a 16 x 16 label map per window from the truth and exports a probability-map package")
    void trainsTheFcnKind() throws Exception {
        Path out = dir.resolve("fcn");
        Run run = run("--out", out.toString(), "--kind", "fcn", "--slides", slides.toString(), "--truth", truth.toString(),
                "--validation-slides", slides.resolve("s13.tiff").toString(), "--steps", "10");

        assertEquals(0, run.exit, run.err);
        ModelMetadata metadata = ModelMetadata.read(out);
        assertEquals(ModelMetadata.OUTPUT_PROBABILITY_MAP, metadata.outputKind());
        assertEquals(new SamplingPlan(64, 32, 0.1, 3, 64), TrainingReport.read(out).sampling());
        Path datasetDir = dir.resolve("fcn-dataset");
        TrainingData data = TrainingData.read(datasetDir).orElseThrow();
        assertEquals(16, data.labelMapSize());
        // s13's truth is the level-0 square 800..1200: each map pixel (4 patch px = 8 level-0 px) is tumour
        // exactly when its centre lies in it.
        int checked = 0;
        try (PatchDataset validation = data.openValidation(datasetDir)) {
            for (LabelledPatch window : validation) {
                double left = (window.col() + 0.5) * 64 - 64;
                double top = (window.row() + 0.5) * 64 - 64;
                boolean any = false;
                for (int j = 0; j < 16; j++) {
                    for (int i = 0; i < 16; i++) {
                        double x = left + (i + 0.5) * 8;
                        double y = top + (j + 0.5) * 8;
                        boolean inside = x >= 800 && x < 1200 && y >= 800 && y < 1200;
                        assertEquals(inside ? 1 : 0, window.labelMap()[j * 16 + i], "window " + window.col() + "," + window.row());
                        any |= inside;
                    }
                }
                assertEquals(any, window.tumour());
                checked += window.tumour() ? 1 : 0;
            }
        }
        assertTrue(checked >= 36, checked + " tumour windows checked");
    }

    @Test
    @DisplayName("one slide, a centre larger than the patch, a share out of range, or a folder that is no package: refused")
    void refusals() throws IOException {
        Run one = run("--out", dir.resolve("m1").toString(), "--slides", slides.resolve("s11.tiff").toString());
        assertEquals(1, one.exit);
        assertTrue(one.err.contains("at least two slides"), one.err);

        Run centre = run("--out", dir.resolve("m2").toString(), "--slides", slides.toString(), "--centre", "100");
        assertEquals(2, centre.exit);
        assertTrue(centre.err.contains("larger than the model's 64 px patch"), centre.err);

        Run share = run("--out", dir.resolve("m3").toString(), "--slides", slides.toString(), "--validation-share", "1.5");
        assertEquals(2, share.exit);
        assertTrue(share.err.contains("--validation-share"), share.err);

        Path notAPackage = Files.createDirectories(dir.resolve("m4"));
        Files.writeString(notAPackage.resolve("notes.txt"), "mine");
        Run occupied = run("--out", notAPackage.toString(), "--slides", slides.toString(), "--truth", truth.toString(),
                "--steps", "1");
        assertEquals(1, occupied.exit);
        assertTrue(occupied.err.contains("not writing over it"), occupied.err);
        assertEquals("mine", Files.readString(notAPackage.resolve("notes.txt")));
    }

    private static JsonNode slide(JsonNode manifest, String name) {
        for (JsonNode slide : manifest.get("slides")) {
            if (slide.get("name").asText().equals(name)) {
                return slide;
            }
        }
        throw new AssertionError("no slide " + name + " in " + manifest);
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = new CommandLine(new TrainCommand(new PrintStream(out, true, StandardCharsets.UTF_8))).execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(originalErr);
        }
    }
}
