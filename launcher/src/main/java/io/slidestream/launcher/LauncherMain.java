package io.slidestream.launcher;

import io.slidestream.synth.GenerateSlideCommand;
import io.slidestream.trainer.DemoModel;
import io.slidestream.trainer.TrainCommand;
import io.slidestream.trainer.eval.EvaluateCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Entry point behind {@code ./slidestream}: {@code analyze [FILE_OR_FOLDER...]}, {@code demo [--out DIR]}, {@code up}, {@code down}, and the
 * project's tools {@code generate} (synthetic slides), {@code train} (the demo model) and {@code eval} (metrics of
 * finished slides against their ground truth).
 */
public final class LauncherMain {
    static final String USAGE = """
            usage: slidestream analyze [--out DIR] [--model DIR] [--mpp X] [FILE_OR_FOLDER...]
                                                 run slides (or the generated demo slide) through a local stack,
                                                 write each one's outputs and report.json (analyze --help)
                   slidestream demo [--out DIR] [--width W --height H]
                                                 analyze the generated demo slide of that size (8192x6144) into
                                                 DIR (demo-out), scoring its mask against the slide's ground truth
                   slidestream up                start the local stack in the background (ports 9092, 8080-8082)
                   slidestream down              stop it
                   slidestream generate --out FILE.tiff [--seed N] [--width W] [--height H] [--preset tests|benchmark] ...
                   slidestream train --out DIR [--steps N]
                                                 train the demo model: a SavedModel in DIR, the same weights as ONNX in DIR-onnx
                   slidestream eval --results DIR --truth DIR [--out DIR] [--threshold T] [--mpp X]
                                                 score analyze's outputs against ground truth: eval.json, roc.png (eval --help)
            """;

    private LauncherMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.print(USAGE);
            System.exit(2);
        }
        StackLayout layout = StackLayout.fromSystemProperty();
        try {
            switch (args[0]) {
                case "analyze" -> System.exit(AnalyzeCommand.execute(layout, Arrays.copyOfRange(args, 1, args.length)));
                case "demo" -> demo(layout, args);
                case "up" -> up(layout);
                case "down" -> down(layout);
                case "generate" -> GenerateSlideCommand.main(Arrays.copyOfRange(args, 1, args.length));
                case "train" -> System.exit(TrainCommand.execute(Arrays.copyOfRange(args, 1, args.length)));
                case "eval" -> System.exit(EvaluateCommand.execute(Arrays.copyOfRange(args, 1, args.length)));
                default -> {
                    System.err.print(USAGE);
                    System.exit(2);
                }
            }
        } catch (IllegalStateException e) {
            System.err.println("slidestream: " + e.getMessage());
            System.exit(1);
        }
    }

    /** {@code demo}: {@code analyze} of the demo slide generated at the size asked for. */
    private static void demo(StackLayout layout, String[] args) throws IOException {
        DemoOptions options = DemoOptions.parse(Arrays.copyOfRange(args, 1, args.length));
        System.exit(new AnalyzeRun(layout, System.out).runDemo(options.out(), options.width(), options.height()));
    }

    private static Path pidFile(StackLayout layout) {
        return layout.runDir().resolve("stack.pids");
    }

    private static void up(StackLayout layout) throws IOException {
        if (Files.exists(pidFile(layout)) && runningPids(layout).findAny().isPresent()) {
            throw new IllegalStateException("a stack is already up (" + pidFile(layout) + "); ./slidestream down first");
        }
        List<Path> roots = Optional.ofNullable(System.getenv("SLIDESTREAM_SLIDE_ROOTS"))
                .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).toList())
                .orElse(List.of(Files.createDirectories(layout.runDir().resolve("slides"))));
        Path model = Optional.ofNullable(System.getenv("SLIDESTREAM_MODEL_DIR")).map(Path::of)
                .orElseGet(() -> DemoModel.ensure(layout.demoModelDir()));
        StackPorts ports = StackPorts.defaults();
        // Kept state: the aggregator's slides and results of earlier starts come back.
        LocalStack stack = LocalStack.start(layout, ports, layout.runDir().resolve("stack"), roots, model,
                LocalStack.Start.KEEP_STATE);
        List<String> lines = new ArrayList<>();
        stack.processes().forEach(p -> lines.add(p.name() + " " + p.pid()));
        Files.write(pidFile(layout), lines, StandardCharsets.UTF_8);
        System.out.printf("""
                SlideStream is up (logs in %s):
                  kafka       %s
                  aggregator  http://localhost:%d/ (dashboard), /api/slides; results in %s
                  tiler       POST http://localhost:%d/api/slides  {"path": "..."}   slide roots: %s
                  inference   http://localhost:%d/q/health  model: %s
                stop it with ./slidestream down
                """, layout.runDir().resolve("stack/logs"), ports.bootstrapServers(), ports.aggregator(),
                layout.runDir().resolve("stack/results"), ports.tiler(), roots, ports.inference(), model);
    }

    private static Stream<ProcessHandle> runningPids(StackLayout layout) throws IOException {
        return Files.readAllLines(pidFile(layout)).stream()
                .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .map(Long::parseLong)
                .map(ProcessHandle::of)
                .flatMap(Optional::stream)
                .filter(ProcessHandle::isAlive);
    }

    private static void down(StackLayout layout) throws Exception {
        if (!Files.exists(pidFile(layout))) {
            System.out.println("no local stack is up");
            return;
        }
        List<ProcessHandle> running = runningPids(layout).toList();
        // Services first, the broker last, so they can close their Kafka clients cleanly.
        List<ProcessHandle> reversed = new ArrayList<>(running);
        Collections.reverse(reversed);
        for (ProcessHandle process : reversed) {
            process.destroy();
            try {
                process.onExit().get(20, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                process.destroyForcibly();
            }
        }
        Files.delete(pidFile(layout));
        System.out.println("stopped " + running.size() + " process(es)");
    }
}
