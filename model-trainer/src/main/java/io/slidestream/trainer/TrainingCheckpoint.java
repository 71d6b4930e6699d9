package io.slidestream.trainer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a training run stands after an epoch, written to {@value #FILE_NAME} so an interrupted run goes on
 * from its last finished epoch and ends with the same weights as one that never stopped: the trainer's
 * state, the best weights so far (early stopping returns those) and the epochs' history. Shuffling and
 * augmentation are drawn from the seed and the epoch number, so nothing random needs saving.
 *
 * @param run     what the run was started with; a checkpoint of another run is refused
 * @param trainer weights, Adam moments and step count after {@code history.size()} epochs
 * @param best    weights of the best epoch so far
 * @param history one entry per finished epoch
 */
record TrainingCheckpoint(String run, TrainerState trainer, ParameterSet best, List<EpochResult> history) {

    static final String FILE_NAME = "checkpoint.bin";
    private static final String MAGIC = "slidestream-training-checkpoint-1";

    /**
     * @param meanLoss       mean training loss over the epoch's steps
     * @param validationAuc  patch-level AUC on the validation examples after the epoch
     * @param validationLoss their mean cross-entropy, unweighted: breaks ties between equal AUCs
     */
    record EpochResult(int epoch, int steps, double meanLoss, double validationAuc, double validationLoss) {

        /** Better than {@code other}: a higher validation AUC, or the same with a lower validation loss. */
        boolean betterThan(EpochResult other) {
            return validationAuc != other.validationAuc() ? validationAuc > other.validationAuc()
                    : validationLoss < other.validationLoss();
        }
    }

    TrainingCheckpoint {
        history = List.copyOf(history);
    }

    int epochsDone() {
        return history.size();
    }

    /** The best epoch ({@link EpochResult#betterThan}, the first of equals); empty before any epoch. */
    Optional<EpochResult> bestEpoch() {
        EpochResult best = null;
        for (EpochResult epoch : history) {
            if (best == null || epoch.betterThan(best)) {
                best = epoch;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Written beside and then moved over the old file, so a crash while writing keeps the previous epoch. */
    void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Path partial = dir.resolve(FILE_NAME + ".partial");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(partial)))) {
                out.writeUTF(MAGIC);
                out.writeUTF(run);
                out.writeInt(trainer.step());
                trainer.weights().writeTo(out);
                trainer.firstMoments().writeTo(out);
                trainer.secondMoments().writeTo(out);
                best.writeTo(out);
                out.writeInt(history.size());
                for (EpochResult epoch : history) {
                    out.writeInt(epoch.epoch());
                    out.writeInt(epoch.steps());
                    out.writeDouble(epoch.meanLoss());
                    out.writeDouble(epoch.validationAuc());
                    out.writeDouble(epoch.validationLoss());
                }
            }
            Files.move(partial, dir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training checkpoint into " + dir, e);
        }
    }

    /** The checkpoint in {@code dir}, if there is one; refused when another run wrote it. */
    static Optional<TrainingCheckpoint> read(Path dir, String run) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (!MAGIC.equals(in.readUTF())) {
                throw new IllegalArgumentException(file + " is not a SlideStream training checkpoint");
            }
            String writtenBy = in.readUTF();
            if (!writtenBy.equals(run)) {
                throw new IllegalArgumentException(file + " belongs to another training run (" + writtenBy
                        + "), not this one (" + run + "): remove it or choose another checkpoint folder");
            }
            int step = in.readInt();
            TrainerState trainer = new TrainerState(ParameterSet.readFrom(in), ParameterSet.readFrom(in),
                    ParameterSet.readFrom(in), step);
            ParameterSet best = ParameterSet.readFrom(in);
            int epochs = in.readInt();
            List<EpochResult> history = new ArrayList<>();
            for (int i = 0; i < epochs; i++) {
                history.add(new EpochResult(in.readInt(), in.readInt(), in.readDouble(), in.readDouble(), in.readDouble()));
            }
            return Optional.of(new TrainingCheckpoint(run, trainer, best, history));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the training checkpoint " + file
                    + " (remove it to train from the start)", e);
        }
    }
}
