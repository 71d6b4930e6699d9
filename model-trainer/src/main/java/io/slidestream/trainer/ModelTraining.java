package io.slidestream.trainer;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The training loop: epochs of augmented mini-batches from a {@link TrainingSet}, each followed by a
 * patch-level evaluation on held-out examples. Training stops after {@link TrainingConfig#steps()} steps,
 * or earlier when {@link TrainingConfig#patience()} epochs in a row bring no better validation result, and
 * returns the best epoch's weights with the threshold at which they have the best F1 on the held-out examples
 * (class weights move the scores, so 0.5 is rarely the right cut). With a checkpoint folder, each epoch is saved and a run that was
 * stopped goes on from its last epoch. The same inputs and config give the same weights, resumed or not.
 */
final class ModelTraining {

    private static final System.Logger LOG = System.getLogger(ModelTraining.class.getName());
    private static final int EVALUATION_BATCH = 128;
    /** How {@link Outcome#threshold()} is chosen, as training reports state it. */
    static final String THRESHOLD_RULE = "best F1 on the validation slides (per map pixel for the FCN), each normal "
            + "window weighted by the slide's normal windows it stands for";

    /**
     * @param parameters  the best epoch's weights
     * @param threshold   the threshold with the best F1 of those weights on the held-out examples: the model's
     * @param validation  patch-level metrics of those weights on the held-out examples at that threshold
     * @param msPerStep   mean wall time of one training step in this run (batch assembly included)
     * @param history     every epoch's training loss and validation result
     * @param bestEpoch   the epoch whose weights these are
     * @param stoppedEarly whether patience ran out before the step budget
     */
    record Outcome(ParameterSet parameters, double threshold, BinaryMetrics validation, double msPerStep,
                   List<TrainingCheckpoint.EpochResult> history, int bestEpoch, boolean stoppedEarly) {
    }

    private ModelTraining() {
    }

    static Outcome train(ModelKind kind, TrainingSet trainingSet, List<LabelledPatch> validation, TrainingConfig config) {
        return train(kind, trainingSet, validation, config, Optional.empty(), Optional.empty());
    }

    static Outcome train(ModelKind kind, TrainingSet trainingSet, List<LabelledPatch> validation,
                         TrainingConfig config, Optional<Path> checkpoints, Optional<ParameterSet> startWeights) {
        float[] ones = new float[validation.size()];
        Arrays.fill(ones, 1);
        return train(kind, trainingSet, validation, ones, config, checkpoints, startWeights);
    }

    /**
     * @param kind        the network, whose inputs (and label maps) the examples hold
     * @param checkpoints folder to save each epoch in and to resume from
     * @param startWeights weights to start from (fine-tuning a package); He-initialised from the seed when empty
     * @param thresholdWeights how many examples each validation example stands for when the threshold is chosen
     *                    (normal windows were thinned out by sampling; the threshold must suit whole slides)
     */
    static Outcome train(ModelKind kind, TrainingSet trainingSet, List<LabelledPatch> validation,
                         float[] thresholdWeights, TrainingConfig config, Optional<Path> checkpoints,
                         Optional<ParameterSet> startWeights) {
        List<LabelledPatch> examples = trainingSet.examples();
        int stepsPerEpoch = Math.ceilDiv(examples.size(), config.batchSize());
        int epochs = Math.ceilDiv(config.steps(), stepsPerEpoch);
        String run = runOf(kind, trainingSet, validation, config)
                + startWeights.map(p -> "; from given weights " + p.hashCode()).orElse("");
        TrainingCheckpoint state = checkpoints.flatMap(dir -> TrainingCheckpoint.read(dir, run)).orElseGet(() -> {
            ParameterSet initial = startWeights.orElseGet(
                    () -> ParameterSet.heInitialised(PatchClassifierNetwork.parameterShapes(kind), config.seed()));
            return new TrainingCheckpoint(run, TrainerState.fresh(initial), initial, List.of());
        });
        if (state.epochsDone() > 0) {
            LOG.log(System.Logger.Level.INFO, "resuming after epoch {0} of {1} from {2}", state.epochsDone(), epochs,
                    checkpoints.orElseThrow());
        }
        boolean[] validationLabels = labels(validation);
        InputBatch batch = InputBatch.allocate(kind.inputs(), config.batchSize());
        float[] labels = new float[config.batchSize() * kind.outputsPerExample()];
        float[] weights = new float[labels.length];
        long start = System.nanoTime();
        int stepsThisRun = 0;
        boolean stoppedEarly = false;
        try (PatchClassifierTrainer trainer = new PatchClassifierTrainer(kind, state.trainer(), config.learningRate());
             ProgressBar progress = progressBar(config.steps(), state.trainer().step())) {
            for (int epoch = state.epochsDone() + 1; epoch <= epochs && !stoppedEarly; epoch++) {
                // Shuffling and augmentation come from the seed and the epoch alone, so a resumed run draws
                // what the uninterrupted one would have.
                SplittableRandom random = new SplittableRandom(config.seed() * 1_000_003L + epoch);
                int[] order = shuffled(examples.size(), random);
                int steps = Math.min(stepsPerEpoch, config.steps() - state.trainer().step());
                double lossSum = 0;
                for (int step = 0; step < steps; step++) {
                    for (int i = 0; i < config.batchSize(); i++) {
                        LabelledPatch example = examples.get(order[(step * config.batchSize() + i) % order.length]);
                        int orientation = PatchAugmenter.writeAugmented(example, random, batch, i);
                        PatchAugmenter.writeLabels(example, orientation, kind.mapSize(), labels, i);
                    }
                    for (int l = 0; l < labels.length; l++) {
                        weights[l] = trainingSet.weight(labels[l] == 1);
                    }
                    lossSum += trainer.step(batch, labels, weights);
                    stepsThisRun++;
                    progress.step();
                }
                float[] probabilities = predict(kind, trainer::predict, validation);
                TrainingCheckpoint.EpochResult result = new TrainingCheckpoint.EpochResult(epoch, steps,
                        lossSum / steps, BinaryMetrics.rocAuc(probabilities, validationLabels),
                        crossEntropy(probabilities, validationLabels));
                boolean better = state.bestEpoch().map(result::betterThan).orElse(true);
                List<TrainingCheckpoint.EpochResult> history = new ArrayList<>(state.history());
                history.add(result);
                state = new TrainingCheckpoint(run, trainer.state(), better ? trainer.parameters() : state.best(), history);
                checkpoints.ifPresent(state::write);
                int bestEpoch = state.bestEpoch().orElseThrow().epoch();
                progress.setExtraMessage(String.format(" epoch %d/%d loss %.4f val AUC %.4f (best epoch %d)",
                        epoch, epochs, result.meanLoss(), result.validationAuc(), bestEpoch));
                LOG.log(System.Logger.Level.INFO, "epoch {0}/{1}: {2} steps, loss {3}, validation AUC {4}, loss {5}{6}",
                        epoch, epochs, steps, format(result.meanLoss()), format(result.validationAuc()),
                        format(result.validationLoss()), better ? " (best so far)" : "");
                stoppedEarly = epoch - bestEpoch >= config.patience() && epoch < epochs;
                if (stoppedEarly) {
                    LOG.log(System.Logger.Level.INFO, "stopping early: no better validation result in {0} epochs; "
                            + "keeping epoch {1}", config.patience(), bestEpoch);
                }
            }
        }
        double msPerStep = stepsThisRun == 0 ? 0 : (System.nanoTime() - start) / 1e6 / stepsThisRun;
        float[] probabilities;
        double threshold;
        try (PatchClassifierTrainer best = new PatchClassifierTrainer(kind, TrainerState.fresh(state.best()), config.learningRate())) {
            probabilities = predict(kind, best::predict, validation);
            threshold = kind.mapSize() == 0
                    ? BinaryMetrics.bestF1Threshold(probabilities, validationLabels, thresholdWeights)
                    : pixelThreshold(kind, best::predict, validation, thresholdWeights);
        }
        return new Outcome(state.best(), threshold, BinaryMetrics.of(probabilities, validationLabels, threshold), msPerStep, state.history(), state.bestEpoch().orElseThrow().epoch(),
                stoppedEarly);
    }

    /**
     * What makes two runs the same, so a checkpoint of any other is refused. The step budget and the patience
     * are not part of it: a finished run may be given more steps and go on.
     */
    private static String runOf(ModelKind kind, TrainingSet trainingSet, List<LabelledPatch> validation,
                                TrainingConfig config) {
        return String.format("model %s; seed %d, batch %d, learning rate %s; %d tumour + %d normal examples, %d validation",
                kind.id(), config.seed(), config.batchSize(), config.learningRate(), trainingSet.tumourCount(),
                trainingSet.normalCount(), validation.size());
    }

    private static ProgressBar progressBar(int steps, int done) {
        return new ProgressBarBuilder().setTaskName("training").setInitialMax(steps).startsFrom(done, Duration.ZERO)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).build();
    }

    /** A random order of the examples' indices: only this is on the heap, the examples may be on disk. */
    private static int[] shuffled(int count, SplittableRandom random) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Mean binary cross-entropy, probabilities kept off 0 and 1 as Keras does. */
    static double crossEntropy(float[] probabilities, boolean[] labels) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double p = Math.clamp(probabilities[i], 1e-7, 1 - 1e-7);
            sum -= labels[i] ? Math.log(p) : Math.log(1 - p);
        }
        return sum / labels.length;
    }

    private static String format(double value) {
        return String.format("%.4f", value);
    }

    /** A model as evaluation sees it: the in-training graph here, the exported SavedModel in tests. */
    @FunctionalInterface
    interface BatchPredictor {
        float[] predict(InputBatch batch) throws Exception;
    }

    /**
     * Each un-augmented example's tumour probability, in evaluation-sized batches; of the FCN, its map's
     * maximum, as the inference worker scores a patch.
     */
    static float[] predict(ModelKind kind, BatchPredictor model, List<LabelledPatch> examples) {
        float[] outputs = outputs(kind, model, examples);
        int perExample = kind.outputsPerExample();
        float[] probabilities = new float[examples.size()];
        for (int i = 0; i < probabilities.length; i++) {
            float max = 0;
            for (int o = i * perExample; o < (i + 1) * perExample; o++) {
                max = Math.max(max, outputs[o]);
            }
            probabilities[i] = max;
        }
        return probabilities;
    }

    /** What the model gives the un-augmented examples, each example's outputs in turn, in evaluation-sized batches. */
    private static float[] outputs(ModelKind kind, BatchPredictor model, List<LabelledPatch> examples) {
        int perExample = kind.outputsPerExample();
        float[] outputs = new float[examples.size() * perExample];
        for (int from = 0; from < examples.size(); from += EVALUATION_BATCH) {
            int count = Math.min(EVALUATION_BATCH, examples.size() - from);
            InputBatch batch = InputBatch.allocate(kind.inputs(), count);
            for (int i = 0; i < count; i++) {
                PatchAugmenter.writePlain(examples.get(from + i), batch, i);
            }
            try {
                System.arraycopy(model.predict(batch), 0, outputs, from * perExample, count * perExample);
            } catch (Exception e) {
                throw new IllegalStateException("prediction failed: " + e.getMessage(), e);
            }
        }
        return outputs;
    }

    /**
     * The FCN's threshold: the best F1 over map pixels against the label maps, as the aggregator applies it to
     * every sub-cell (chosen on the patch maximum instead, it would suit patches and leave masks too small).
     */
    private static double pixelThreshold(ModelKind kind, BatchPredictor model, List<LabelledPatch> examples,
                                         float[] exampleWeights) {
        int pixels = kind.outputsPerExample();
        float[] probabilities = outputs(kind, model, examples);
        boolean[] labels = new boolean[probabilities.length];
        float[] weights = new float[probabilities.length];
        for (int i = 0; i < examples.size(); i++) {
            byte[] map = examples.get(i).labelMap();
            for (int p = 0; p < pixels; p++) {
                labels[i * pixels + p] = map[p] != 0;
                weights[i * pixels + p] = exampleWeights[i];
            }
        }
        return BinaryMetrics.bestF1Threshold(probabilities, labels, weights);
    }

    static long count(boolean[] labels, boolean value) {
        long n = 0;
        for (boolean label : labels) {
            n += label == value ? 1 : 0;
        }
        return n;
    }

    /** Each example's label; a dataset on disk gives them without reading pixels. */
    static boolean[] labels(List<LabelledPatch> examples) {
        boolean[] labels = new boolean[examples.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = examples instanceof PatchDataset dataset ? dataset.isTumour(i) : examples.get(i).tumour();
        }
        return labels;
    }
}
