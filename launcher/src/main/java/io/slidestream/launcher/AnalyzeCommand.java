package io.slidestream.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code slidestream analyze [--out DIR] [--model DIR] [--mpp X] [FILE_OR_FOLDER...]}, parsed by picocli.
 * Exit codes: 0 every slide COMPLETE, 1 a slide FAILED (or the stack could not run), 2 bad arguments.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Starts a local stack (embedded Kafka broker and the three services), runs every slide through it "
                        + "with a progress bar each, and writes per slide DIR/<file base name>/ with heatmap.png, "
                        + "mask.png, mask.tiff, regions.geojson, scores.csv, run.json and verdict.json, plus "
                        + "DIR/report.json listing every slide.",
                "With no FILE_OR_FOLDER it generates the demo slide and analyses that.",
                "Exit code: 0 when every slide is COMPLETE, 1 when any FAILED (each is printed with why), "
                        + "2 for bad arguments."})
final class AnalyzeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE_OR_FOLDER", arity = "0..*",
            description = "slide files, and folders whose slide files (not those in sub-folders) are run: .svs .tif "
                    + ".tiff .ndpi .vms .vmu .scn .mrxs .bif .svslide .png .jpg .jpeg")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out = Path.of("analysis-out");

    @Option(names = "--model", paramLabel = "DIR",
            description = "exported model folder (default: the demo model, trained on generated slides on first use)")
    Path model;

    @Option(names = "--mpp", paramLabel = "X",
            description = "level-0 µm per pixel for slides whose file states none (plain images need it)")
    Double mpp;

    private final StackLayout layout;

    AnalyzeCommand(StackLayout layout) {
        this.layout = layout;
    }

    /** The options of {@code args}; a {@link CommandLine.ParameterException} when they are wrong. */
    static AnalyzeOptions parse(String... args) {
        AnalyzeCommand command = new AnalyzeCommand(null);
        new CommandLine(command).parseArgs(args);
        return command.options();
    }

    AnalyzeOptions options() {
        if (mpp != null && !(mpp > 0 && Double.isFinite(mpp))) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--mpp must be a positive number, got " + mpp);
        }
        return new AnalyzeOptions(out, model, mpp, List.copyOf(inputs));
    }

    /** Runs {@code args} and returns the exit code. */
    static int execute(StackLayout layout, String... args) {
        return new CommandLine(new AnalyzeCommand(layout)).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        AnalyzeOptions options = options();
        try {
            return new AnalyzeRun(layout, System.out).run(options);
        } catch (IllegalArgumentException e) {
            System.err.println("slidestream analyze: " + e.getMessage());
            return 2;
        }
    }

    /** What to analyse and where the outputs go. */
    record AnalyzeOptions(Path out, Path model, Double mpp, List<Path> inputs) {
    }
}
