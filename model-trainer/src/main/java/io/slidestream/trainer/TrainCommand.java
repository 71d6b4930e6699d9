package io.slidestream.trainer;

import io.slidestream.core.model.ModelMetadata;
import io.slidestream.trainer.truth.SlideFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@code slidestream train --out DIR [--slides PATH... --truth DIR ...]}, parsed by picocli: without
 * {@code --slides}, builds the demo model on generated slides; with them, samples the user's slides (seed 000's
 * windows, labels from each slide's truth file), trains the default two-tower model on them and exports the
 * package. Either way the same weights are also written as an ONNX package into DIR-onnx.
 * Exit codes: 0 done, 1 an input could not be read or gave no usable examples, 2 bad arguments.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Trains a model package. Without --slides: the demo model, on generated slides (kept when DIR already "
                        + "holds it). With --slides: on your slides, each slide's tumour truth found in --truth by its "
                        + "name: <slide>.xml (ASAP / CAMELYON16 polygons), <slide>_mask.{tif,tiff,png} or "
                        + "<slide>.mask.{tif,tiff,png}, or <slide>.truth.json (the generator's). A slide without a "
                        + "truth file is taken as free of tumour (as CAMELYON16's normal_*.tif).",
                "Writes DIR (SavedModel + slidestream-model.json + training-report.json) and DIR-onnx, and prints the "
                        + "report."})
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the model package to write")
    Path out;

    @Option(names = "--slides", arity = "1..*", paramLabel = "PATH",
            description = "slide files or folders of slides to learn from (default: the demo model's generated slides)")
    List<Path> slides = new ArrayList<>();

    @Option(names = "--truth", paramLabel = "DIR", description = "folder of truth files (default: each slide's own folder)")
    Path truth;

    @Option(names = "--kind", paramLabel = "KIND",
            description = "two-tower (a 64 px patch at 1 µm/px and a 64 px context at 4 µm/px, as seed 000), pcam "
                    + "(one 96 px patch at 1 µm/px, as seed 003), fcn (one 64 px patch in, a 16 x 16 tumour map out, "
                    + "as seed 002) or inception-v3 (seed 000's two InceptionV3 towers on 299 px at 0.5 and 1 µm/px, "
                    + "for GPU machines); with --slides (default: ${DEFAULT-VALUE})")
    String kind = ModelKind.TWO_TOWER.id();

    @Option(names = "--validation-slides", arity = "1..*", paramLabel = "PATH",
            description = "slides to validate on (threshold, early stopping, figures); default: --validation-share of --slides")
    List<Path> validationSlides = new ArrayList<>();

    @Option(names = "--validation-share", paramLabel = "F",
            description = "share of --slides held out for validation, chosen by --seed, at least one (default: ${DEFAULT-VALUE})")
    double validationShare = 0.2;

    @Option(names = "--dataset", paramLabel = "DIR",
            description = "where the sampled windows are written, and reused when the slides and sampling are the same "
                    + "(default: DIR-dataset)")
    Path dataset;

    @Option(names = "--centre", paramLabel = "PX",
            description = "edge of the window's centre that decides its label, in patch pixels (default: 50/80 of the "
                    + "patch, as seed 000; the whole patch for fcn)")
    Integer centre;

    @Option(names = "--stride", paramLabel = "PX",
            description = "step between windows in patch pixels (default: the centre; half the patch for fcn)")
    Integer stride;

    @Option(names = "--normals-per-tumour", paramLabel = "N",
            description = "normal windows kept per tumour window of a slide (default: ${DEFAULT-VALUE})")
    int normalsPerTumour = 3;

    @Option(names = "--min-normal-tissue", paramLabel = "F",
            description = "share of tissue pixels a normal window needs (default: 0.1; seed 000 used 0.75)")
    Double minNormalTissue;

    @Option(names = "--min-normal-windows", paramLabel = "N",
            description = "normal windows kept from every slide, with tumour or not (default: ${DEFAULT-VALUE})")
    int minNormalWindows = 64;

    @Option(names = "--name", paramLabel = "NAME", description = "the model's name in its metadata (default: ${DEFAULT-VALUE})")
    String name = "slidestream-model";

    @Option(names = "--steps", paramLabel = "N", description = "most training steps (default: 1500)")
    Integer steps;

    @Option(names = "--patience", paramLabel = "EPOCHS",
            description = "stop after this many epochs without a better validation AUC (default: 5)")
    Integer patience;

    @Option(names = "--seed", paramLabel = "N", description = "seeds weights, sampling, split and augmentation (default: 42)")
    Long seed;

    @Option(names = "--checkpoints", paramLabel = "DIR", description = "save each epoch here and resume from the last one")
    Path checkpoints;

    @Option(names = "--init", paramLabel = "DIR",
            description = "start from the weights of this model package (same --kind) instead of random ones: fine-tuning")
    Path init;

    private final PrintStream console;

    TrainCommand(PrintStream console) {
        this.console = console;
    }

    /** Runs {@code args} and returns the exit code. */
    public static int execute(String... args) {
        return new CommandLine(new TrainCommand(System.out)).execute(args);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    @Override
    public Integer call() {
        TrainingConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            System.err.println("slidestream train: " + e.getMessage());
            return 2;
        }
        try {
            if (slides.isEmpty()) {
                if (!validationSlides.isEmpty() || truth != null || init != null || modelKind() != ModelKind.TWO_TOWER) {
                    System.err.println("slidestream train: --truth, --validation-slides, --init and --kind go with --slides");
                    return 2;
                }
                boolean existed = DemoModel.isComplete(out);
                DemoModel.ensure(out, config, Optional.ofNullable(checkpoints));
                console.println((existed ? "kept the demo model already in " : "trained the demo model into ")
                        + out.toAbsolutePath());
            } else {
                trainOnSlides(config);
                console.println("trained " + name + " into " + out.toAbsolutePath());
            }
            if (ModelKind.of(ModelMetadata.read(out)).exportsOnnx()) {
                console.println("exported its weights as ONNX into " + DemoModel.exportOnnx(out));
            }
            console.println(TrainingReport.read(out));
            return 0;
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("slidestream train: " + e.getMessage());
            return 1;
        }
    }

    private TrainingConfig config() {
        TrainingConfig config = TrainingConfig.DEFAULT;
        if (steps != null) {
            config = config.withSteps(steps);
        }
        if (patience != null) {
            config = config.withPatience(patience);
        }
        if (seed != null) {
            config = config.withSeed(seed);
        }
        if (!(validationShare > 0 && validationShare < 1)) {
            throw new IllegalArgumentException("--validation-share must be between 0 and 1, got " + validationShare);
        }
        plan(); // refuses bad sampling settings before any work
        return config;
    }

    private ModelKind modelKind() {
        return ModelKind.named(kind);
    }

    private SamplingPlan plan() {
        int window = modelKind().patchSize();
        SamplingPlan defaults = modelKind().defaultSampling();
        SamplingPlan plan = new SamplingPlan(centre != null ? centre : defaults.centrePx(),
                stride != null ? stride : centre != null ? centre : defaults.stridePx(),
                minNormalTissue != null ? minNormalTissue : defaults.minNormalTissue(), normalsPerTumour, minNormalWindows);
        plan.checkFits(window);
        return plan;
    }

    private void trainOnSlides(TrainingConfig config) {
        long start = System.nanoTime();
        List<TrainingData.TrainingSlide> sources = split(SlideFiles.discover(slides), SlideFiles.discover(validationSlides),
                config.seed());
        ModelMetadata metadata = ModelMetadata.of(name, "1", modelKind().inputs(),
                SavedModelExporter.OUTPUT, ModelMetadata.MINUS_ONE_TO_ONE, 0.5).withOutputKind(modelKind().outputKind());
        Path datasetDir = dataset != null ? dataset : out.toAbsolutePath().resolveSibling(out.getFileName() + "-dataset");
        TrainingData data = TrainingData.openOrBuild(datasetDir, sources, modelKind(), plan(), config.seed());
        try {
            if (Files.isDirectory(out) && !Files.isRegularFile(out.resolve(ModelMetadata.FILE_NAME))) {
                try (var entries = Files.list(out)) {
                    if (entries.findAny().isPresent()) {
                        throw new IllegalArgumentException(out + " holds files and no model package; not writing over it");
                    }
                }
            }
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
        PackageTraining.train(datasetDir, data, metadata, String.join(" ", slides.stream().map(Path::toString).toList()),
                config, Optional.ofNullable(checkpoints), Optional.ofNullable(init), out, start);
    }

    /**
     * The slides with their role: the named validation slides, or a seeded draw of --validation-share of the
     * slides (at least one, never all).
     */
    private List<TrainingData.TrainingSlide> split(List<Path> all, List<Path> heldOut, long seed) {
        List<Path> training = new ArrayList<>(all);
        training.removeAll(heldOut);
        List<Path> validation = new ArrayList<>(heldOut);
        if (validation.isEmpty()) {
            if (training.size() < 2) {
                throw new IllegalArgumentException("training needs at least two slides (one is held out for "
                        + "validation), got " + training.size() + "; or name --validation-slides");
            }
            training.sort(Comparator.comparing(Path::toString));
            SplittableRandom random = new SplittableRandom(seed);
            int count = Math.clamp(Math.round(training.size() * validationShare), 1, training.size() - 1);
            for (int i = 0; i < count; i++) {
                validation.add(training.remove(random.nextInt(training.size())));
            }
        }
        if (training.isEmpty()) {
            throw new IllegalArgumentException("every slide is a validation slide; none is left to train on");
        }
        List<TrainingData.TrainingSlide> sources = new ArrayList<>();
        training.forEach(s -> sources.add(new TrainingData.TrainingSlide(s, truthFolder(s), false)));
        validation.forEach(s -> sources.add(new TrainingData.TrainingSlide(s, truthFolder(s), true)));
        return sources;
    }

    private Path truthFolder(Path slide) {
        return truth != null ? truth : slide.toAbsolutePath().getParent();
    }
}
