package io.slidestream.trainer;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code TrainDemoModelCommand --out DIR [--steps N] [--patience EPOCHS] [--checkpoints DIR]}: builds the demo model package in DIR (or keeps
 * the complete one already there), writes the same weights as an ONNX package into DIR-onnx, and prints
 * the training report with the validation metrics.
 */
public final class TrainDemoModelCommand {

    private TrainDemoModelCommand() {
    }

    public static void main(String[] args) {
        Path out = null;
        TrainingConfig config = TrainingConfig.DEFAULT;
        Optional<Path> checkpoints = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(value(args, ++i));
                case "--steps" -> config = config.withSteps(Integer.parseInt(value(args, ++i)));
                case "--patience" -> config = config.withPatience(Integer.parseInt(value(args, ++i)));
                case "--checkpoints" -> checkpoints = Optional.of(Path.of(value(args, ++i)));
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (out == null) {
            usage("--out is required");
        }
        boolean existed = DemoModel.isComplete(out);
        DemoModel.ensure(out, config, checkpoints);
        System.out.println((existed ? "kept the model already in " : "trained the model into ") + out.toAbsolutePath());
        System.out.println("exported its weights as ONNX into " + DemoModel.exportOnnx(out));
        System.out.println(TrainingReport.read(out));
    }

    private static String value(String[] args, int index) {
        if (index >= args.length) {
            usage(args[index - 1] + " needs a value");
        }
        return args[index];
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: TrainDemoModelCommand --out DIR [--steps N] [--patience EPOCHS] [--checkpoints DIR]");
        System.exit(2);
    }
}
