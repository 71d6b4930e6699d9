package io.slidestream.launcher;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code demo [--out DIR] [--width W --height H]}: where the outputs go and how big the generated demo slide is
 * ({@code demo} is {@code analyze} of that slide).
 */
record DemoOptions(Path out, int width, int height) {

    static DemoOptions parse(String[] args) {
        Path out = Path.of("demo-out");
        int width = DemoSlide.WIDTH;
        int height = DemoSlide.HEIGHT;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--out" -> out = Path.of(args[++i]);
                    case "--width" -> width = Integer.parseInt(args[++i]);
                    case "--height" -> height = Integer.parseInt(args[++i]);
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new IllegalStateException("bad demo arguments " + Arrays.asList(args) + "\n" + LauncherMain.USAGE);
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalStateException("demo slide size must be positive, got " + width + "x" + height);
        }
        return new DemoOptions(out, width, height);
    }
}
