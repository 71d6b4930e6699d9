package io.slidestream.trainer;

import io.slidestream.core.model.ModelMetadata;
import io.slidestream.core.slide.Slide;
import io.slidestream.synth.GroundTruth;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import io.slidestream.synth.TissueAppearance;
import io.slidestream.trainer.truth.TumourMask;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The demo model package: the small multi-scale classifier trained on generated slides of the hard look
 * (stain variation, germinal centres, subtle tumour, folds, pen marks), exported as a SavedModel the inference
 * service loads, with the threshold that gave the best F1 on the validation slide. Everything is seeded, so
 * every machine builds the same model.
 */
public final class DemoModel {

    public static final String NAME = "slidestream-demo";
    public static final String VERSION = "1";
    public static final List<Long> TRAINING_SLIDE_SEEDS = List.of(1001L, 1002L, 1003L, 1004L, 1005L, 1006L, 1007L, 1008L);
    public static final long VALIDATION_SLIDE_SEED = 2001L;
    /**
     * The generator preset of {@link #slideSpec} with its look, recorded in the training report: a cached model
     * trained on slides of another look is rebuilt.
     */
    static final String SLIDES = "SyntheticSlideSpec.hard " + TissueAppearance.HARD;
    /** Seed 000's sampling, scaled to the 64 px patch input. */
    static final SamplingPlan SAMPLING = ModelKind.TWO_TOWER.defaultSampling();
    private static final System.Logger LOG = System.getLogger(DemoModel.class.getName());
    private static final String SAVED_MODEL = "saved_model.pb";
    /** Serialises builds in this JVM; the file lock below serialises them across processes. */
    private static final Object BUILD_LOCK = new Object();
    private static final long LOCK_POLL_MILLIS = 200;

    private DemoModel() {
    }

    /**
     * 64 px patches at 1 µm/px with a same-centre 64 px context at 4 µm/px: levels 1 and 3 of the
     * generator's 0.5 µm/px slides, the seeds' two magnifications. The threshold here is a placeholder: a
     * trained package states the one training chose.
     */
    public static ModelMetadata metadata() {
        return ModelMetadata.of(NAME, VERSION, ModelKind.TWO_TOWER.inputs(), SavedModelExporter.OUTPUT,
                ModelMetadata.MINUS_ONE_TO_ONE, 0.5);
    }

    /**
     * Writes the ONNX package of the demo model in {@code dir} beside it, as {@code <dir>-onnx}: the
     * SavedModel's weights, read back from it, in an ONNX graph (see {@link OnnxExporter}).
     *
     * @return the ONNX package's folder
     */
    public static Path exportOnnx(Path dir) {
        Path savedModel = dir.toAbsolutePath().normalize();
        Path onnx = savedModel.resolveSibling(savedModel.getFileName() + "-onnx");
        OnnxExporter.export(SavedModelExporter.readParameters(savedModel), OnnxExporter.metadata(ModelMetadata.read(savedModel)), onnx);
        return onnx;
    }

    /**
     * True when {@code dir} holds a whole model package with today's metadata and a training report today's
     * trainer wrote, from today's training slides (older caches are rebuilt).
     */
    public static boolean isComplete(Path dir) {
        if (!Files.isRegularFile(dir.resolve(ModelMetadata.FILE_NAME)) || !Files.isRegularFile(dir.resolve(SAVED_MODEL))
                || !Files.isDirectory(dir.resolve("variables"))) {
            return false;
        }
        try {
            TrainingReport report = TrainingReport.read(dir);
            if (!SLIDES.equals(report.slides()) || !SAMPLING.equals(report.sampling())
                    || !ModelTraining.THRESHOLD_RULE.equals(report.thresholdRule())
                    || !TRAINING_SLIDE_SEEDS.stream().map(DemoModel::slideName).toList().equals(report.trainingSlides())) {
                return false;
            }
            ModelMetadata stored = ModelMetadata.read(dir);
            // The threshold is chosen by training; everything else must be today's.
            return metadata().withThreshold(stored.threshold()).equals(stored);
        } catch (UncheckedIOException unreadable) {
            return false;
        }
    }

    /** {@link #ensure(Path, TrainingConfig)} with the default training. */
    public static Path ensure(Path dir) {
        return ensure(dir, TrainingConfig.DEFAULT);
    }

    /**
     * Returns {@code dir} holding the demo model package, training it first when it is not there yet.
     * The package is built in a sibling directory and moved into place whole, so a concurrent or aborted
     * run never leaves a half model; concurrent callers wait for one build instead of each training.
     */
    public static Path ensure(Path dir, TrainingConfig config) {
        return ensure(dir, config, Optional.empty());
    }

    /**
     * As {@link #ensure(Path, TrainingConfig)}, saving each epoch in {@code checkpoints} and going on from
     * the last one saved there, so an interrupted training is not started over.
     */
    public static Path ensure(Path dir, TrainingConfig config, Optional<Path> checkpoints) {
        Path target = dir.toAbsolutePath().normalize();
        if (isComplete(target)) {
            return dir;
        }
        try {
            Files.createDirectories(target.getParent());
            synchronized (BUILD_LOCK) {
                try (FileChannel channel = FileChannel.open(sibling(target, ".lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                     FileLock ignored = lockExclusively(channel)) {
                    if (!isComplete(target)) {
                        build(target, config, checkpoints);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the demo model in " + target, e);
        }
        return dir;
    }

    /**
     * Waits for the file lock. A copy of this class in another class loader of the same JVM (Quarkus
     * tests load application classes more than once) may hold it, which the JVM reports at once as an
     * overlap instead of blocking, so that case is polled.
     */
    private static FileLock lockExclusively(FileChannel channel) throws IOException {
        while (true) {
            try {
                return channel.lock();
            } catch (OverlappingFileLockException e) {
                try {
                    Thread.sleep(LOCK_POLL_MILLIS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for another build of the demo model", interrupted);
                }
            }
        }
    }

    private static void build(Path target, TrainingConfig config, Optional<Path> checkpoints) throws IOException {
        long start = System.nanoTime();
        deleteLeftovers(target);
        Path work = Files.createTempDirectory(target.getParent(), target.getFileName() + ".work-");
        Path staging = Files.createTempDirectory(target.getParent(), target.getFileName() + ".staging-");
        if (Files.getFileStore(staging).supportsFileAttributeView(PosixFileAttributeView.class)) {
            // Temp directories are owner-only; services reading the package may run as other users.
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        try {
            List<TrainingData.TrainingSlide> slides = new ArrayList<>();
            Path slideDir = Files.createDirectories(work.resolve("slides"));
            for (long seed : TRAINING_SLIDE_SEEDS) {
                slides.add(new TrainingData.TrainingSlide(generate(seed, slideDir), slideDir, false));
            }
            slides.add(new TrainingData.TrainingSlide(generate(VALIDATION_SLIDE_SEED, slideDir), slideDir, true));
            Path datasetDir = work.resolve("dataset");
            TrainingData data = TrainingData.openOrBuild(datasetDir, slides, ModelKind.TWO_TOWER, SAMPLING, config.seed());
            TrainingReport report = PackageTraining.train(datasetDir, data, metadata(), SLIDES, config, checkpoints,
                    staging, start);
            LOG.log(System.Logger.Level.INFO, "demo model: {0}", report);

            deleteRecursively(target); // only an incomplete leftover can be there: complete ones return early
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteRecursively(work);
            deleteRecursively(staging);
        }
    }

    /**
     * The generator's hard slides (4096 px, levels down to 512 px, so the context level 3 exists): on its
     * classic slides a darkness rule alone scores AUC 1.0, so a model trained there learns nothing to trust.
     */
    static SyntheticSlideSpec slideSpec(long seed) {
        return SyntheticSlideSpec.hard(seed);
    }

    /** Generates the slide of {@code seed} into {@code dir}, its truth files beside it. */
    static Path generate(long seed, Path dir) throws IOException {
        Path tiff = dir.resolve(slideName(seed) + ".tiff");
        SyntheticSlideGenerator.generate(slideSpec(seed), tiff);
        return tiff;
    }

    static String slideName(long seed) {
        return "slide-" + seed;
    }

    /** Generates the slide of {@code seed} into {@code workDir} and cuts the labelled windows default training does. */
    static List<LabelledPatch> sampleSlide(long seed, Path workDir) throws IOException {
        Path tiff = generate(seed, workDir);
        List<LabelledPatch> windows = new ArrayList<>();
        try (Slide slide = Slide.open(tiff)) {
            WindowSampler.sample(slide, TumourMask.of(GroundTruth.load(tiff)), metadata().profile(), 0, SAMPLING,
                    TrainingData.slideSeed(TrainingConfig.DEFAULT.seed(), slideName(seed)), windows::add);
        }
        return windows;
    }

    /** Work and staging directories of builds that died; safe to remove while holding the lock. */
    private static void deleteLeftovers(Path target) throws IOException {
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(target.getParent(),
                target.getFileName() + ".{work,staging}-*")) {
            for (Path leftover : siblings) {
                deleteRecursively(leftover);
            }
        }
    }

    private static Path sibling(Path target, String suffix) {
        return target.resolveSibling(target.getFileName() + suffix);
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(path)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
