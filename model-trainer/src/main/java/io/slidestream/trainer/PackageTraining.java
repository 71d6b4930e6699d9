package io.slidestream.trainer;

import io.slidestream.core.model.ModelMetadata;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Trains a model package from a sampled {@link TrainingData}: the training loop on the training slides'
 * windows streamed from disk, the threshold from the validation slides, the SavedModel export and the
 * training report. The demo model and a user's own slides both come through here.
 */
final class PackageTraining {

    private static final System.Logger LOG = System.getLogger(PackageTraining.class.getName());

    private PackageTraining() {
    }

    /**
     * Writes the package into {@code packageDir} (created if needed) and returns its report.
     *
     * @param slides what the slides were, for the report
     * @param start  when the whole build started (sampling included), for the report's total time
     */
    static TrainingReport train(Path datasetDir, TrainingData data, ModelMetadata metadata, String slides,
                                TrainingConfig config, Optional<Path> checkpoints, Path packageDir, long start) {
        return train(datasetDir, data, metadata, slides, config, checkpoints, Optional.empty(), packageDir, start);
    }

    /** As above, starting from the weights of the package {@code init} (of the same kind) when given. */
    static TrainingReport train(Path datasetDir, TrainingData data, ModelMetadata metadata, String slides,
                                TrainingConfig config, Optional<Path> checkpoints, Optional<Path> init, Path packageDir,
                                long start) {
        try (PatchDataset training = data.openTraining(datasetDir);
             PatchDataset validation = data.openValidation(datasetDir)) {
            ModelKind kind = ModelKind.of(metadata);
            TrainingSet trainingSet = TrainingSet.of(training, kind.mapSize());
            LOG.log(System.Logger.Level.INFO, "training on {0} tumour + {1} normal windows, validating on {2}",
                    trainingSet.tumourCount(), trainingSet.normalCount(), validation.size());
            long trainingStart = System.nanoTime();
            Optional<ParameterSet> initial = init.map(dir -> {
                ModelKind initKind = ModelKind.of(ModelMetadata.read(dir));
                if (initKind != kind) {
                    throw new IllegalArgumentException(dir + " holds a " + initKind.id() + " model; this is a " + kind.id());
                }
                return SavedModelExporter.readParameters(dir);
            });
            ModelTraining.Outcome outcome = ModelTraining.train(kind, trainingSet, validation,
                    data.thresholdWeights(validation), config, checkpoints, initial);
            double trainingSeconds = (System.nanoTime() - trainingStart) / 1e9;
            SavedModelExporter.export(outcome.parameters(), metadata.withThreshold(outcome.threshold()), packageDir);
            TrainingReport report = new TrainingReport(config, slides, data.plan(), ModelTraining.THRESHOLD_RULE,
                    data.slides().stream().filter(s -> !s.validation()).map(TrainingData.SlideEntry::name).toList(),
                    data.slides().stream().filter(TrainingData.SlideEntry::validation).map(TrainingData.SlideEntry::name).toList(),
                    trainingSet.tumourCount(), trainingSet.normalCount(), outcome.threshold(), outcome.validation(),
                    outcome.msPerStep(), trainingSeconds, (System.nanoTime() - start) / 1e9, outcome.history(),
                    outcome.bestEpoch(), outcome.stoppedEarly());
            report.write(packageDir);
            return report;
        }
    }
}
