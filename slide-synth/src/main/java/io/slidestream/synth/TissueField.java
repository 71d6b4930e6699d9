package io.slidestream.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Where the tissue is: a signed field, positive inside tissue. A few round blobs give the sections
 * their overall placement; low-frequency noise makes their outlines irregular and splits off small
 * fragments, as on a real node section. The zero level is calibrated so that the tissue covers the
 * requested fraction of the slide.
 */
final class TissueField {
    private static final int CALIBRATION_SAMPLES = 192;
    private static final int SPREAD_CANDIDATES = 20;
    private static final double OUTLINE_NOISE = 0.55;

    private record Blob(double x, double y, double radius) {
    }

    private final List<Blob> blobs;
    private final ValueNoise outline;
    private final double noiseScale;
    private final double width;
    private final double height;
    private final double edgeMargin;
    private final double threshold;
    /** Lattice spacing is 1 << latticeShift level-0 pixels, see {@link #latticeShiftFor}. */
    private final int latticeShift;

    private TissueField(SyntheticSlideSpec spec) {
        long seed = Hash.derive(spec.seed(), "tissue");
        SplittableRandom random = new SplittableRandom(seed);
        width = spec.width();
        height = spec.height();
        double shortSide = Math.min(width, height);
        int count = 2 + random.nextInt(3);
        double meanRadius = Math.sqrt(spec.tissueCoverage() * width * height / (count * Math.PI));
        blobs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            blobs.add(spreadOut(random, meanRadius * (0.8 + 0.4 * random.nextDouble())));
        }
        outline = new ValueNoise(Hash.mix(seed));
        noiseScale = shortSide * 0.12;
        edgeMargin = shortSide * 0.06;
        latticeShift = latticeShiftFor(noiseScale);
        threshold = calibrate(spec.tissueCoverage());
    }

    /** Best of a few random centres: the one farthest from the blobs so far, so sections lie apart. */
    private Blob spreadOut(SplittableRandom random, double radius) {
        Blob best = null;
        double bestClearance = Double.NEGATIVE_INFINITY;
        for (int candidate = 0; candidate < SPREAD_CANDIDATES; candidate++) {
            Blob blob = new Blob(width * (0.15 + 0.7 * random.nextDouble()),
                    height * (0.15 + 0.7 * random.nextDouble()), radius);
            double clearance = Double.POSITIVE_INFINITY;
            for (Blob other : blobs) {
                clearance = Math.min(clearance,
                        distance(blob.x() - other.x(), blob.y() - other.y()) - blob.radius() - other.radius());
            }
            if (clearance > bestClearance) {
                best = blob;
                bestClearance = clearance;
            }
        }
        return best;
    }

    static TissueField plan(SyntheticSlideSpec spec) {
        return new TissueField(spec);
    }

    /** The field's lattice values around [x0, x1) x [y0, y1), for per-pixel reads. */
    LatticePatch sample(long x0, long y0, long x1, long y1) {
        return LatticePatch.sample((lx, ly) -> unshifted(lx << latticeShift, ly << latticeShift) - threshold,
                latticeShift, x0, y0, x1, y1);
    }

    /** The field at one pixel: the same value that any rendered tile covering the pixel uses. */
    double valueAt(long x, long y) {
        return sample(x, y, x + 1, y + 1).valueAt(x, y);
    }

    boolean isTissue(long x, long y) {
        return valueAt(x, y) > 0;
    }

    private double unshifted(double x, double y) {
        double body = Double.NEGATIVE_INFINITY;
        for (Blob blob : blobs) {
            body = Math.max(body, 1 - distance(x - blob.x(), y - blob.y()) / blob.radius());
        }
        double noise = OUTLINE_NOISE * outline.fractal(x / noiseScale, y / noiseScale, 4);
        // Keep tissue off the glass edge, where real sections rarely reach.
        double edgeDistance = Math.min(Math.min(x, width - x), Math.min(y, height - y));
        double edgePenalty = edgeDistance < edgeMargin ? 1.5 * (1 - edgeDistance / edgeMargin) : 0;
        return body + noise - edgePenalty;
    }

    /**
     * The coarsest power-of-two spacing, between 8 and 64 px, with at least 32 lattice points per noise
     * unit (4 per wavelength of the finest octave): outlines stay smooth, and big slides sample the field
     * far less often.
     */
    private static int latticeShiftFor(double noiseScale) {
        int shift = 3;
        while (shift < 6 && (2 << shift) * 32 <= noiseScale) {
            shift++;
        }
        return shift;
    }

    /** sqrt is exactly rounded, unlike hypot, so the field is bit-identical on every JVM. */
    private static double distance(double dx, double dy) {
        return Math.sqrt(dx * dx + dy * dy);
    }

    /** The field value exceeded by the requested fraction of a regular sample of the slide. */
    private double calibrate(double coverage) {
        double[] samples = new double[CALIBRATION_SAMPLES * CALIBRATION_SAMPLES];
        for (int j = 0; j < CALIBRATION_SAMPLES; j++) {
            for (int i = 0; i < CALIBRATION_SAMPLES; i++) {
                samples[j * CALIBRATION_SAMPLES + i] = unshifted((i + 0.5) * width / CALIBRATION_SAMPLES,
                        (j + 0.5) * height / CALIBRATION_SAMPLES);
            }
        }
        Arrays.sort(samples);
        return samples[(int) ((1 - coverage) * (samples.length - 1))];
    }
}
