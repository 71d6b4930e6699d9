package io.slidestream.launcher.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Dockerfiles under deploy/docker, read as far as the tests need: each stage's base, ENV and COPY
 * instructions, and the ENTRYPOINT. Continuation lines are joined first; comments are dropped.
 */
record Dockerfiles(Path file, List<Stage> stages) {
    static final Path JVM = ProjectFiles.DOCKER.resolve("Dockerfile.jvm");
    static final Path INFERENCE_GPU = ProjectFiles.DOCKER.resolve("Dockerfile.inference-gpu");

    /** {@code healthcheck}: the HEALTHCHECK command of the stage, if it has one (at most one element). */
    record Stage(String from, String name, Map<String, String> env, List<Copy> copies, List<String> entrypoint,
                 List<String> healthcheck) {
    }

    /** A COPY; {@code from} is the stage or image of {@code --from=}, null for the build context. */
    record Copy(String from, List<String> sources, String destination) {
    }

    static Dockerfiles read(Path file) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : ProjectFiles.read(file).lines().toList()) {
            if (line.strip().startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
            } else {
                current.append(line);
                if (!current.toString().isBlank()) {
                    instructions.add(current.toString().strip());
                }
                current.setLength(0);
            }
        }
        List<Stage> stages = new ArrayList<>();
        Stage stage = null;
        for (String instruction : instructions) {
            String[] parts = instruction.split("\\s+", 2);
            String args = parts.length > 1 ? parts[1] : "";
            switch (parts[0].toUpperCase()) {
                case "FROM" -> {
                    String[] from = args.split("\\s+");
                    stage = new Stage(from[0], from.length > 2 ? from[2] : null, new LinkedHashMap<>(), new ArrayList<>(),
                            new ArrayList<>(), new ArrayList<>());
                    stages.add(stage);
                }
                case "ENV" -> {
                    Matcher pair = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S*)").matcher(args);
                    while (pair.find()) {
                        stage.env().put(pair.group(1), pair.group(2).replaceAll("^\"|\"$", ""));
                    }
                }
                case "COPY" -> {
                    List<String> words = new ArrayList<>(List.of(args.split("\\s+")));
                    String from = null;
                    while (words.getFirst().startsWith("--")) {
                        String flag = words.removeFirst();
                        if (flag.startsWith("--from=")) {
                            from = flag.substring("--from=".length());
                        }
                    }
                    stage.copies().add(new Copy(from, words.subList(0, words.size() - 1), words.getLast()));
                }
                case "ENTRYPOINT" -> {
                    Matcher word = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(args);
                    stage.entrypoint().clear();
                    while (word.find()) {
                        stage.entrypoint().add(word.group(1));
                    }
                }
                case "HEALTHCHECK" -> {
                    stage.healthcheck().clear();
                    stage.healthcheck().add(args.substring(args.indexOf("CMD ") + "CMD ".length()));
                }
                default -> {
                }
            }
        }
        return new Dockerfiles(file, stages);
    }

    Stage stage(String name) {
        return stages.stream().filter(s -> name.equals(s.name())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no stage " + name + " in " + file));
    }

    /** The stage a stage is built on, when it is one of this file's (null: an image). */
    Stage parent(Stage stage) {
        return stages.stream().filter(s -> stage.from().equals(s.name())).findFirst().orElse(null);
    }

    /** ENV of a stage with what it inherits from the stages below it. */
    Map<String, String> env(Stage stage) {
        Map<String, String> env = new LinkedHashMap<>();
        Stage parent = parent(stage);
        if (parent != null) {
            env.putAll(env(parent));
        }
        env.putAll(stage.env());
        return env;
    }

    /** Every variable the images set (ENV) or their entrypoints read ({@code $VAR}), across deploy/docker. */
    static Set<String> imageVariables() {
        Set<String> names = new TreeSet<>();
        for (Path file : List.of(JVM, INFERENCE_GPU)) {
            for (Stage stage : read(file).stages()) {
                names.addAll(stage.env().keySet());
                Matcher used = Pattern.compile("\\$\\{?(\\w+)").matcher(String.join(" ", stage.entrypoint()));
                while (used.find()) {
                    names.add(used.group(1));
                }
            }
        }
        return names;
    }
}
