package io.slidestream.synth;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Command line: {@code ./slidestream generate --out slide.tiff --seed 7 --width 61440 --height 40960}.
 * Starts from {@link SyntheticSlideSpec#of} (or a preset), applies the flags, generates, and prints
 * what it wrote and how long it took.
 */
public final class GenerateSlideCommand {
    private static final String USAGE = """
            usage: generate-slide --out FILE.tiff|FILE.svs [options]
              --seed N              random seed (default 1)
              --preset tests|hard|benchmark|camelyon16
                                    start from SyntheticSlideSpec.forTests / hard / forBenchmark / camelyon16
              --appearance classic|hard
                                    classic tissue, or stain variation, germinal centres, subtler tumour,
                                    folds, fat and out-of-focus patches (default: the preset's; classic
                                    without one)
              --width W --height H  level-0 size in pixels (default 4096 x 4096)
              --mpp M               microns per pixel, keeping the pixel size (default 0.5)
              --lesions K           number of tumour regions (default 4)
              --lesion-um MIN:MAX   lesion diameter range in µm (default 150:1500)
              --coverage F          tissue fraction of the slide (default 0.4)
              --quality Q           JPEG quality 1..100 (default 85)
              --mask-downsample D   level-0 pixels per mask pixel (default 16)
              --levels 2x|4x|single pyramid downsamples 1,2,4,.. or 1,4,16,.. (Aperio) or level 0 only (default 2x)
              --format tiff|svs     generic TIFF, or Aperio SVS with thumbnail, label and macro
                                    (default: svs for an --out ending in .svs, else tiff)
              --resolution mpp|objective|none
                                    what the file states: the mpp, the objective power only (svs only),
                                    or nothing (default mpp)
              --grey-background     glass mid-light grey instead of near-white
              --black-borders       near-black bands along slide edges
              --pen-marks N         marker-ink strokes and circles, the first across tissue (default 0)
              --bubbles N           air-bubble outlines on the glass (default 0)
                                    (any of the four artefact options replaces the preset's artefacts)
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

    /** What the command line asks for: the spec, and where to write it. */
    record Invocation(SyntheticSlideSpec spec, Path slide) {
    }

    static void run(String[] args, PrintStream out) throws IOException {
        Invocation invocation = parse(args);
        if (invocation == null) {
            out.print(USAGE);
            return;
        }
        generate(invocation.spec(), invocation.slide(), out);
    }

    /** The spec and output the arguments describe; null when they ask for help. */
    static Invocation parse(String[] args) {
        Path slide = null;
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
        LevelLayout levels = null;
        SlideFormat format = null;
        ResolutionMetadata resolution = null;
        boolean greyBackground = false;
        boolean blackBorders = false;
        int penMarks = 0;
        int bubbles = 0;
        boolean artefactOptions = false;
        TissueAppearance appearance = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--grey-background" -> {
                    greyBackground = true;
                    artefactOptions = true;
                    continue;
                }
                case "--black-borders" -> {
                    blackBorders = true;
                    artefactOptions = true;
                    continue;
                }
                default -> {
                }
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--out" -> slide = Path.of(value);
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
                case "--levels" -> levels = levels(value);
                case "--format" -> format = format(value);
                case "--resolution" -> resolution = resolution(value);
                case "--pen-marks" -> {
                    penMarks = Integer.parseInt(value);
                    artefactOptions = true;
                }
                case "--bubbles" -> {
                    bubbles = Integer.parseInt(value);
                    artefactOptions = true;
                }
                case "--appearance" -> appearance = appearance(value);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (slide == null) {
            throw new IllegalArgumentException("--out is required");
        }
        format = checkedFormat(format, slide);
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
        if (levels != null) {
            spec = spec.withLevels(levels);
        }
        spec = spec.withFormat(format);
        if (resolution != null) {
            spec = spec.withResolution(resolution);
        }
        if (artefactOptions) {
            spec = spec.withArtefacts(new Artefacts(greyBackground, blackBorders, penMarks, bubbles));
        }
        if (appearance != null) {
            spec = spec.withAppearance(appearance);
        }
        return new Invocation(spec, slide);
    }

    private static void generate(SyntheticSlideSpec spec, Path slide, PrintStream out) throws IOException {
        long start = System.nanoTime();
        GroundTruth truth = SyntheticSlideGenerator.generate(spec, slide);
        double seconds = (System.nanoTime() - start) / 1e9;
        List<PyramidLevel> levels = PyramidPlan.of(spec).written();
        out.printf(Locale.ROOT, "wrote %s (%d x %d px, %.3f µm/px, %d level%s, %.1f MiB) in %.1f s%n",
                slide, spec.width(), spec.height(), spec.mpp(), levels.size(), levels.size() == 1 ? "" : "s",
                Files.size(slide) / 1048576.0, seconds);
        out.printf(Locale.ROOT, "  %s (OpenSlide vendor %s), downsamples %s, resolution stated: %s%n",
                spec.format(), spec.format().openSlideVendor(),
                levels.stream().map(level -> Integer.toString(1 << level.index())).collect(Collectors.joining(", ")),
                switch (spec.resolution()) {
                    case MPP -> spec.format() == SlideFormat.APERIO_SVS
                            ? "MPP " + spec.mpp() + " and AppMag " + spec.objectivePower() : "mpp " + spec.mpp();
                    case OBJECTIVE_ONLY -> "AppMag " + spec.objectivePower() + " only";
                    case NONE -> "none";
                });
        if (spec.format() == SlideFormat.APERIO_SVS) {
            out.printf(Locale.ROOT, "  associated images thumbnail, label and macro; made-up PHI in %s: %s%n",
                    GroundTruth.truthPath(slide).getFileName(), String.join(" | ", truth.phiValues()));
        }
        if (!truth.artefacts().equals(Artefacts.NONE)) {
            Artefacts placed = truth.artefacts();
            out.printf(Locale.ROOT, "  artefacts: %s background, %s, %d pen marks, %d bubbles%s%n",
                    placed.greyBackground() ? "grey" : "white", placed.blackBorders() ? "black borders" : "no borders",
                    placed.penMarks(), placed.bubbles(),
                    placed.marksSlide() ? " (" + GroundTruth.artefactMaskPath(slide).getFileName() + ")" : "");
        }
        out.printf(Locale.ROOT, "wrote %s, %s (%d x %d, downsample %d) and %s%n",
                GroundTruth.tumourMaskPath(slide).getFileName(), GroundTruth.tissueMaskPath(slide).getFileName(),
                truth.maskWidth(), truth.maskHeight(), truth.maskDownsample(),
                GroundTruth.truthPath(slide).getFileName());
        out.printf(Locale.ROOT, "seed %d: %d lesions, tumour %.3f mm², tissue %.1f %% of the slide%n",
                spec.seed(), truth.lesions().size(), truth.tumourAreaMm2(),
                100 * truth.tissueFraction(0, 0, spec.width(), spec.height()));
        for (Lesion lesion : truth.lesions()) {
            out.printf(Locale.ROOT, "  lesion %d at (%d, %d) px: largest diameter %.0f µm, area %.0f µm²%n",
                    lesion.id(), lesion.centreX(), lesion.centreY(), lesion.diameterUm(), lesion.areaUm2());
        }
    }

    /** The format asked for, or the one the file name implies; an Aperio slide's name must end in .svs. */
    private static SlideFormat checkedFormat(SlideFormat asked, Path slide) {
        boolean svsName = slide.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svs");
        SlideFormat format = asked != null ? asked : svsName ? SlideFormat.APERIO_SVS : SlideFormat.GENERIC_TIFF;
        if (format == SlideFormat.APERIO_SVS && !svsName) {
            throw new IllegalArgumentException("an Aperio slide's file name must end in .svs, got " + slide);
        }
        if (format == SlideFormat.GENERIC_TIFF && svsName) {
            throw new IllegalArgumentException("a .svs file must be an Aperio slide (--format svs), got " + slide);
        }
        return format;
    }

    private static SyntheticSlideSpec base(String preset, long seed) {
        if (preset == null) {
            return SyntheticSlideSpec.of(seed, 4096, 4096);
        }
        return switch (preset) {
            case "tests" -> SyntheticSlideSpec.forTests(seed);
            case "hard" -> SyntheticSlideSpec.hard(seed);
            case "benchmark" -> SyntheticSlideSpec.forBenchmark(seed);
            case "camelyon16" -> SyntheticSlideSpec.camelyon16(seed);
            default -> throw new IllegalArgumentException(
                    "unknown preset " + preset + " (tests, hard, benchmark or camelyon16)");
        };
    }

    private static TissueAppearance appearance(String value) {
        return switch (value) {
            case "classic" -> TissueAppearance.CLASSIC;
            case "hard" -> TissueAppearance.HARD;
            default -> throw new IllegalArgumentException("unknown appearance " + value + " (classic or hard)");
        };
    }

    private static LevelLayout levels(String value) {
        return switch (value) {
            case "2x" -> LevelLayout.TWO_X;
            case "4x" -> LevelLayout.FOUR_X;
            case "single" -> LevelLayout.SINGLE;
            default -> throw new IllegalArgumentException("unknown --levels " + value + " (2x, 4x or single)");
        };
    }

    private static SlideFormat format(String value) {
        return switch (value) {
            case "tiff" -> SlideFormat.GENERIC_TIFF;
            case "svs" -> SlideFormat.APERIO_SVS;
            default -> throw new IllegalArgumentException("unknown --format " + value + " (tiff or svs)");
        };
    }

    private static ResolutionMetadata resolution(String value) {
        return switch (value) {
            case "mpp" -> ResolutionMetadata.MPP;
            case "objective" -> ResolutionMetadata.OBJECTIVE_ONLY;
            case "none" -> ResolutionMetadata.NONE;
            default -> throw new IllegalArgumentException(
                    "unknown --resolution " + value + " (mpp, objective or none)");
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
