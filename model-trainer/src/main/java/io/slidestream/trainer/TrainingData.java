package io.slidestream.trainer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.slidestream.core.model.AnalysisProfile;
import io.slidestream.core.model.ModelInput;
import io.slidestream.core.slide.Slide;
import io.slidestream.trainer.truth.SlideFiles;
import io.slidestream.trainer.truth.SlideTruth;
import io.slidestream.trainer.truth.TumourMask;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A sampled dataset on disk, split by slide: {@value #MANIFEST} says what went in (the model's inputs, the
 * sampling plan, the seed, each slide with its truth file and its counts), {@value #TRAINING_FILE} and
 * {@value #VALIDATION_FILE} hold the examples ({@link PatchDataset}). No window of a validation slide is in
 * the training file. Building it again with the same slides, inputs, plan and seed reuses the files, so a
 * long sampling of real slides is done once.
 *
 * @param formatVersion version of the manifest's format
 * @param inputs        the model inputs each record holds, in order
 * @param labelMapSize  edge of each record's label map (the FCN's), 0 for none
 * @param plan          how the windows were sampled
 * @param seed          seeds the choice of normal windows
 * @param slides        every slide, in the order the records' slide index refers to
 */
public record TrainingData(int formatVersion, List<ModelInput> inputs, int labelMapSize, SamplingPlan plan, long seed,
                           List<SlideEntry> slides) {

    public static final String MANIFEST = "dataset.json";
    static final String TRAINING_FILE = "training.bin";
    static final String VALIDATION_FILE = "validation.bin";
    static final int FORMAT_VERSION = 3;
    /** Level-0 pixels per truth-mask pixel when XML polygons are rasterised (4 µm at CAMELYON16's 0.243 µm/px). */
    static final int TRUTH_DOWNSAMPLE = 16;
    private static final System.Logger LOG = System.getLogger(TrainingData.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A slide to sample, its truth looked up by its name in {@code truthFolder} ({@link SlideTruth#find}). */
    public record TrainingSlide(Path slide, Path truthFolder, boolean validation) {
        String name() {
            return SlideFiles.baseName(slide);
        }
    }

    /**
     * @param truthFolder where its truth was looked for
     * @param truth       the truth file used, or null when the slide had none (all its windows are normal)
     * @param normalWeight how many of the slide's normal windows with tissue each kept one stands for: choosing
     *                     the threshold on validation slides weighs normal examples by it, so the threshold suits
     *                     the slide's own mix of tumour and normal, not the balanced sample's
     */
    public record SlideEntry(String name, String path, String truthFolder, String truth, boolean validation, int tumour,
                             int normal, double normalWeight) {
    }

    public TrainingData {
        inputs = List.copyOf(inputs);
        slides = List.copyOf(slides);
    }

    /**
     * The dataset in {@code dir}: the one there when it was sampled from the same slides the same way, else
     * sampled now (the folder's old files are replaced).
     */
    public static TrainingData openOrBuild(Path dir, List<TrainingSlide> slides, ModelKind kind, SamplingPlan plan,
                                           long seed) {
        Optional<TrainingData> existing = read(dir);
        if (existing.isPresent() && existing.get().sameSampling(slides, kind, plan, seed)) {
            LOG.log(System.Logger.Level.INFO, "reusing the sampled dataset in {0}", dir);
            return existing.get();
        }
        try {
            return build(dir, slides, kind, plan, seed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sample the training slides into " + dir, e);
        }
    }

    private static TrainingData build(Path dir, List<TrainingSlide> slides, ModelKind kind, SamplingPlan plan,
                                      long seed) throws IOException {
        AnalysisProfile profile = new AnalysisProfile(kind.id(), kind.inputs());
        if (slides.stream().noneMatch(TrainingSlide::validation) || slides.stream().allMatch(TrainingSlide::validation)) {
            throw new IllegalArgumentException("training needs at least one training and one validation slide");
        }
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(MANIFEST)); // a half-written dataset must not look complete
        List<Integer> sizes = profile.inputs().stream().map(ModelInput::size).toList();
        List<SlideEntry> entries = new ArrayList<>();
        try (PatchDataset.Writer training = new PatchDataset.Writer(dir.resolve(TRAINING_FILE), sizes, kind.mapSize());
             PatchDataset.Writer validation = new PatchDataset.Writer(dir.resolve(VALIDATION_FILE), sizes, kind.mapSize())) {
            for (int index = 0; index < slides.size(); index++) {
                TrainingSlide source = slides.get(index);
                PatchDataset.Writer writer = source.validation() ? validation : training;
                int slideIndex = index;
                try (Slide slide = Slide.open(source.slide())) {
                    Optional<SlideTruth> truth = SlideTruth.find(source.truthFolder(), source.name(), slide.width(),
                            slide.height(), TRUTH_DOWNSAMPLE);
                    TumourMask mask = truth.map(SlideTruth::mask).orElseGet(() -> noTumour(slide));
                    WindowSampler.Counts counts = WindowSampler.sample(slide, mask, profile, kind.mapSize(), plan,
                            slideSeed(seed, source.name()), example -> writer.append(example, slideIndex));
                    entries.add(new SlideEntry(source.name(), source.slide().toAbsolutePath().toString(),
                            source.truthFolder().toAbsolutePath().toString(),
                            truth.map(t -> t.source().toAbsolutePath().toString()).orElse(null), source.validation(),
                            counts.tumour(), counts.normal(), counts.normalWeight()));
                    LOG.log(System.Logger.Level.INFO, "{0} ({1}): {2} tumour and {3} normal windows{4}", source.name(),
                            source.validation() ? "validation" : "training", counts.tumour(), counts.normal(),
                            truth.isPresent() ? "" : "; no truth file in " + source.truthFolder() + ", so no tumour");
                }
            }
        }
        TrainingData data = new TrainingData(FORMAT_VERSION, profile.inputs(), kind.mapSize(), plan, seed, entries);
        data.requireBothClasses();
        JSON.writeValue(dir.resolve(MANIFEST).toFile(), data);
        return data;
    }

    /** Seeds the choice of a slide's normal windows: by its name, so it is the same whatever else is sampled. */
    static long slideSeed(long seed, String slideName) {
        return seed * 1_000_003L + slideName.hashCode();
    }

    private static TumourMask noTumour(Slide slide) {
        return new TumourMask(1, 1, slide.width(), slide.height(), new boolean[1]);
    }

    /** The manifest in {@code dir}, empty when there is none or it is not one this version reads. */
    static Optional<TrainingData> read(Path dir) {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        try {
            TrainingData data = JSON.readValue(manifest.toFile(), TrainingData.class);
            return data.formatVersion() == FORMAT_VERSION ? Optional.of(data) : Optional.empty();
        } catch (IOException | RuntimeException unreadable) {
            LOG.log(System.Logger.Level.WARNING, "ignoring the unreadable dataset manifest {0}: {1}", manifest,
                    unreadable.getMessage());
            return Optional.empty();
        }
    }

    private boolean sameSampling(List<TrainingSlide> wanted, ModelKind kind, SamplingPlan wantedPlan, long wantedSeed) {
        if (!inputs.equals(kind.inputs()) || labelMapSize != kind.mapSize() || !plan.equals(wantedPlan) || seed != wantedSeed
                || slides.size() != wanted.size()) {
            return false;
        }
        for (int i = 0; i < wanted.size(); i++) {
            TrainingSlide w = wanted.get(i);
            SlideEntry s = slides.get(i);
            if (!s.path().equals(w.slide().toAbsolutePath().toString()) || s.validation() != w.validation()
                    || !s.truthFolder().equals(w.truthFolder().toAbsolutePath().toString())) {
                return false;
            }
        }
        return true;
    }

    private void requireBothClasses() {
        for (boolean validation : new boolean[] {false, true}) {
            int tumour = slides.stream().filter(s -> s.validation() == validation).mapToInt(SlideEntry::tumour).sum();
            int normal = slides.stream().filter(s -> s.validation() == validation).mapToInt(SlideEntry::normal).sum();
            if (tumour == 0 || normal == 0) {
                throw new IllegalArgumentException(String.format("the %s slides gave %d tumour and %d normal windows; "
                        + "training and validation each need both classes", validation ? "validation" : "training",
                        tumour, normal));
            }
        }
    }

    List<Integer> inputSizes() {
        return inputs.stream().map(ModelInput::size).toList();
    }

    /** The training examples, read in place; close after use. */
    PatchDataset openTraining(Path dir) {
        return PatchDataset.open(dir.resolve(TRAINING_FILE), inputSizes(), labelMapSize);
    }

    /** The validation examples, read in place; close after use. */
    PatchDataset openValidation(Path dir) {
        return PatchDataset.open(dir.resolve(VALIDATION_FILE), inputSizes(), labelMapSize);
    }

    /** Per example of {@code examples} (a split of this dataset), its weight for choosing the threshold. */
    float[] thresholdWeights(PatchDataset examples) {
        float[] weights = new float[examples.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = examples.isTumour(i) ? 1 : (float) slides.get(examples.slideIndex(i)).normalWeight();
        }
        return weights;
    }

    int count(boolean validation, boolean tumour) {
        return slides.stream().filter(s -> s.validation() == validation)
                .mapToInt(s -> tumour ? s.tumour() : s.normal()).sum();
    }
}
