package io.slidestream.trainer.eval;

import io.slidestream.trainer.truth.SlideTruth;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code slidestream eval --results DIR --truth DIR [--out DIR] ...}, parsed by picocli: scores the
 * aggregator's per-slide outputs against ground truth and writes eval.json and roc.png.
 * Exit codes: 0 done, 1 an input could not be read (the message names the file), 2 bad arguments.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Scores finished slides against their ground truth. Every sub-folder of --results holding a run.json "
                        + "(as 'analyze' writes them: scores.csv, mask.tiff, run.json) is one slide; its truth is the "
                        + "file in --truth named after it, first found of: <slide>.truth.json (the generator's), "
                        + "<slide>.xml (ASAP / CAMELYON16 polygons), <slide>_mask.{tif,tiff,png} or "
                        + "<slide>.mask.{tif,tiff,png} (non-zero = tumour, any size, stretched over the slide).",
                "Writes OUT/eval.json (patch recall, precision, F1, AUC and confusion matrix; per-slide Dice and IoU; "
                        + "CAMELYON16 FROC; slide-level AUC; lesion-category accuracy) and OUT/roc.png, and prints a "
                        + "table."})
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--results", required = true, paramLabel = "DIR",
            description = "the output folder of 'analyze' or 'demo' (one sub-folder per slide)")
    Path results;

    @Option(names = "--truth", required = true, paramLabel = "DIR", description = "folder of ground-truth files")
    Path truth;

    @Option(names = "--out", paramLabel = "DIR", description = "where eval.json and roc.png go (default: ${DEFAULT-VALUE})")
    Path out = Path.of("eval-out");

    @Option(names = "--threshold", paramLabel = "T",
            description = "score at which a patch counts as tumour (default: the runs' own threshold from run.json)")
    Double threshold;

    @Option(names = "--mpp", paramLabel = "X",
            description = "level-0 µm per pixel for every slide (default: mask.tiff's, else the generator truth's)")
    Double mpp;

    @Option(names = "--xml-downsample", paramLabel = "N",
            description = "level-0 pixels per truth-mask pixel when rasterising XML, and the coarsest a mask image's "
                    + "page is read at (default: ${DEFAULT-VALUE})")
    int xmlDownsample = 32;

    private final PrintStream console;

    EvaluateCommand(PrintStream console) {
        this.console = console;
    }

    /** Runs {@code args} and returns the exit code. */
    public static int execute(String... args) {
        return new CommandLine(new EvaluateCommand(System.out)).execute(args);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    @Override
    public Integer call() {
        if (xmlDownsample < 1 || (mpp != null && !(mpp > 0 && Double.isFinite(mpp)))
                || (threshold != null && !(threshold >= 0 && threshold <= 1))) {
            System.err.println("slidestream eval: --xml-downsample must be ≥ 1, --mpp positive, --threshold in 0..1");
            return 2;
        }
        try {
            SetEvaluation evaluation = evaluate();
            Files.createDirectories(out);
            Files.write(out.resolve("eval.json"), evaluation.json());
            console.print(evaluation.table());
            if (evaluation.roc() != null) {
                evaluation.roc().writePng(out.resolve("roc.png"), "Patch ROC, " + evaluation.slides().size() + " slides");
                console.println("wrote " + out.resolve("eval.json") + " and " + out.resolve("roc.png"));
            } else {
                console.println("wrote " + out.resolve("eval.json") + "; no roc.png: the patches are all of one class");
            }
            return 0;
        } catch (IOException e) {
            System.err.println("slidestream eval: " + e.getMessage());
            return 1;
        }
    }

    SetEvaluation evaluate() throws IOException {
        List<Path> folders = slideFolders();
        List<SlideOutputs> outputs = new ArrayList<>();
        for (Path folder : folders) {
            outputs.add(SlideOutputs.read(folder));
        }
        double t = threshold != null ? threshold : runThreshold(outputs);
        List<SlideEvaluation> slides = new ArrayList<>();
        for (SlideOutputs slide : outputs) {
            SlideTruth slideTruth = SlideTruth.find(truth, slide.name(), slide.slideWidth(), slide.slideHeight(),
                    xmlDownsample).orElseThrow(() -> new IOException("no ground truth for slide " + slide.name()
                    + " in " + truth + " (looked for " + slide.name() + " with one of " + SlideTruth.SUFFIXES + ")"));
            slides.add(SlideEvaluation.of(slide, slideTruth, mppOf(slide, slideTruth), t));
        }
        return SetEvaluation.of(slides, t);
    }

    private List<Path> slideFolders() throws IOException {
        if (!Files.isDirectory(results)) {
            throw new IOException(results + ": not a folder");
        }
        if (!Files.isDirectory(truth)) {
            throw new IOException(truth + ": not a folder");
        }
        try (Stream<Path> entries = Files.list(results)) {
            List<Path> folders = entries.filter(p -> Files.isRegularFile(p.resolve("run.json"))).sorted().toList();
            if (folders.isEmpty()) {
                throw new IOException(results + ": no sub-folder holds a run.json (finished slides of 'analyze')");
            }
            return folders;
        }
    }

    /** The runs' own threshold; slides run with different ones need --threshold to be pooled. */
    private static double runThreshold(List<SlideOutputs> outputs) throws IOException {
        double first = outputs.getFirst().threshold();
        for (SlideOutputs o : outputs) {
            if (o.threshold() != first) {
                throw new IOException("slides " + outputs.getFirst().name() + " and " + o.name()
                        + " were run with thresholds " + first + " and " + o.threshold() + "; pass --threshold");
            }
        }
        return first;
    }

    private double mppOf(SlideOutputs slide, SlideTruth slideTruth) throws IOException {
        if (mpp != null) {
            return mpp;
        }
        if (!Double.isNaN(slide.mpp())) {
            return slide.mpp();
        }
        if (!Double.isNaN(slideTruth.mpp())) {
            return slideTruth.mpp();
        }
        throw new IOException("slide " + slide.name() + " states no µm per pixel (neither its mask.tiff nor "
                + slideTruth.source() + "), and lesion sizes need one; pass --mpp");
    }
}
