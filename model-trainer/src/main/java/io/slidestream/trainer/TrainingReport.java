package io.slidestream.trainer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How a model package was made and how well it did on its validation slides, stored as {@value #FILE_NAME}
 * in the package so a reused model still tells its figures.
 *
 * @param slides           where the slides came from: the generator's preset, or the folder of a user's slides
 * @param sampling         how windows were cut from them
 * @param trainingSlides   the names of the slides it learnt from
 * @param validationSlides the names of the slides its threshold and figures come from
 * @param thresholdRule    how the threshold was chosen
 */
public record TrainingReport(TrainingConfig config, String slides, SamplingPlan sampling, String thresholdRule,
                             List<String> trainingSlides,
                             List<String> validationSlides, long trainingTumourPatches, long trainingNormalPatches,
                             double threshold, BinaryMetrics validation, double msPerStep, double trainingSeconds,
                             double totalSeconds,
                             List<TrainingCheckpoint.EpochResult> epochs, int bestEpoch, boolean stoppedEarly) {

    public static final String FILE_NAME = "training-report.json";

    public static TrainingReport read(Path modelDir) {
        try {
            return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false).readValue(modelDir.resolve(FILE_NAME).toFile(), TrainingReport.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE_NAME + " in " + modelDir, e);
        }
    }

    void write(Path modelDir) {
        try {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(modelDir.resolve(FILE_NAME).toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + FILE_NAME + " into " + modelDir, e);
        }
    }

    @Override
    public String toString() {
        return String.format("%d epochs (%s), up to %d steps of %d at %.1f ms/step on %d tumour + %d normal patches "
                        + "from %d slides (%s); training %.1f s, total %.1f s%nvalidation (%s), epoch %d, threshold %.3f: %s",
                epochs == null ? 0 : epochs.size(), stoppedEarly ? "stopped early" : "the whole budget", config.steps(),
                config.batchSize(), msPerStep, trainingTumourPatches, trainingNormalPatches, trainingSlides.size(), slides,
                trainingSeconds, totalSeconds, String.join(", ", validationSlides), bestEpoch, threshold, validation);
    }
}
