package io.slidestream.synth;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Command line: {@code ./slidestream generate --out slide.tiff --seed 7 --width 61440 --height 40960}.
 * Starts from {@link SyntheticSlideSpec#of} (or a preset), applies the flags, generates, and prints
 * what it wrote and how long it took.
 */
public final class GenerateSlideCommand {
    private static final String USAGE = """
            usage: generate-slide --out FILE.tiff [options]
              --seed N              random seed (default 1)
              --preset tests|benchmark
                                    start from SyntheticSlideSpec.forTests / forBenchmark
              --width W --height H  level-0 size in pixels (default 4096 x 4096)
              --mpp M               microns per pixel (default 0.5)
              --lesions K           number of tumour regions (default 4)
              --lesion-um MIN:MAX   lesion diameter range in µm (default 150:1500)
              --coverage F          tissue fraction of the slide (default 0.4)
              --quality Q           JPEG quality 1..100 (default 85)
              --mask-downsample D   level-0 pixels per mask pixel (default 16)
            """;

    private GenerateSlideCommand() {
    }

    public static void main(String[] args) {
        try {
            run(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        } catch (IOException e) {
            System.err.println("generation failed: " + e.getMessage());
            System.exit(1);
        }
    }

    static void run(String[] args, PrintStream out) throws IOException {
        Path tiff = null;
        long seed = 1;
        String preset = null;
        Integer width = null;
        Integer height = null;
        Double mpp = null;
        Integer lesions = null;
        double[] lesionUm = null;
        Double coverage = null;
        Integer quality = null;
        Integer maskDownsample = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                out.print(USAGE);
                return;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--out" -> tiff = Path.of(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--preset" -> preset = value;
                case "--width" -> width = Integer.parseInt(value);
                case "--height" -> height = Integer.parseInt(value);
                case "--mpp" -> mpp = Double.parseDouble(value);
                case "--lesions" -> lesions = Integer.parseInt(value);
                case "--lesion-um" -> lesionUm = range(value);
                case "--coverage" -> coverage = Double.parseDouble(value);
                case "--quality" -> quality = Integer.parseInt(value);
                case "--mask-downsample" -> maskDownsample = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (tiff == null) {
            throw new IllegalArgumentException("--out is required");
        }
        SyntheticSlideSpec spec = base(preset, seed);
        if (width != null || height != null) {
            spec = spec.withSize(width != null ? width : spec.width(), height != null ? height : spec.height());
        }
        if (mpp != null) {
            spec = spec.withMpp(mpp);
        }
        if (lesions != null) {
            spec = spec.withLesionCount(lesions);
        }
        if (lesionUm != null) {
            spec = spec.withLesionDiametersUm(lesionUm[0], lesionUm[1]);
        }
        if (coverage != null) {
            spec = spec.withTissueCoverage(coverage);
        }
        if (quality != null) {
            spec = spec.withJpegQuality(quality);
        }
        if (maskDownsample != null) {
            spec = spec.withMaskDownsample(maskDownsample);
        }
        generate(spec, tiff, out);
    }

    private static void generate(SyntheticSlideSpec spec, Path tiff, PrintStream out) throws IOException {
        long start = System.nanoTime();
        GroundTruth truth = SyntheticSlideGenerator.generate(spec, tiff);
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "wrote %s (%d x %d px, %.3f µm/px, %d levels, %.1f MiB) in %.1f s%n",
                tiff, spec.width(), spec.height(), spec.mpp(),
                PyramidLevel.pyramid(spec.width(), spec.height(), spec.tileSize()).size(),
                Files.size(tiff) / 1048576.0, seconds);
        out.printf(Locale.ROOT, "wrote %s, %s (%d x %d, downsample %d) and %s%n",
                GroundTruth.tumourMaskPath(tiff).getFileName(), GroundTruth.tissueMaskPath(tiff).getFileName(),
                truth.maskWidth(), truth.maskHeight(), truth.maskDownsample(),
                GroundTruth.truthPath(tiff).getFileName());
        out.printf(Locale.ROOT, "seed %d: %d lesions, tumour %.3f mm², tissue %.1f %% of the slide%n",
                spec.seed(), truth.lesions().size(), truth.tumourAreaMm2(),
                100 * truth.tissueFraction(0, 0, spec.width(), spec.height()));
        for (Lesion lesion : truth.lesions()) {
            out.printf(Locale.ROOT, "  lesion %d at (%d, %d) px: largest diameter %.0f µm, area %.0f µm²%n",
                    lesion.id(), lesion.centreX(), lesion.centreY(), lesion.diameterUm(), lesion.areaUm2());
        }
    }

    private static SyntheticSlideSpec base(String preset, long seed) {
        if (preset == null) {
            return SyntheticSlideSpec.of(seed, 4096, 4096);
        }
        return switch (preset) {
            case "tests" -> SyntheticSlideSpec.forTests(seed);
            case "benchmark" -> SyntheticSlideSpec.forBenchmark(seed);
            default -> throw new IllegalArgumentException("unknown preset " + preset + " (tests or benchmark)");
        };
    }

    private static double[] range(String value) {
        String[] parts = value.split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected MIN:MAX, got " + value);
        }
        return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
    }
}
