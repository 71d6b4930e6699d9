package io.slidestream.trainer;

import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.InputGeometry;
import io.slidestream.core.events.PatchBatch.PatchRef;
import io.slidestream.core.grid.GridPlanner;
import io.slidestream.core.grid.PatchPixelReader;
import io.slidestream.core.grid.SlideMpp;
import io.slidestream.core.model.AnalysisProfile;
import io.slidestream.core.slide.Slide;
import io.slidestream.trainer.truth.TumourMask;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Cuts labelled training windows from a slide by a {@link SamplingPlan}. Windows are placed on a grid whose
 * step is the plan's stride, and their pixels come from slide-core's {@link GridPlanner} and
 * {@link PatchPixelReader}, the code the tiler and the workers use, so training sees each input at the
 * level and resampling inference will. Only the truth is consulted to label windows; pixels are read for
 * every tumour window and for normal windows in a seeded random order until the plan's quota is met, so a
 * gigapixel slide is not read whole for a few hundred normal examples.
 */
final class WindowSampler {

    /** Tumour windows are read in groups of neighbours, so shared JPEG tiles are decoded once. */
    private static final int READ_GROUP = 64;

    /**
     * What one slide gave.
     *
     * @param tumour           examples labelled tumour
     * @param normal           examples labelled normal
     * @param normalCandidates windows whose centre holds no tumour, before the tissue check and the quota
     * @param normalOnSlide    the slide's normal windows with enough tissue: all of them when every candidate
     *                         was read, else estimated from the share of those read that passed
     */
    record Counts(int tumour, int normal, int normalCandidates, double normalOnSlide) {

        /** How many of the slide's normal windows each kept one stands for (at least 1). */
        double normalWeight() {
            return normal == 0 ? 1 : Math.max(1, normalOnSlide / normal);
        }
    }

    private WindowSampler() {
    }

    /** The inference grid the tiler would plan for this slide. */
    static GridGeometry inferenceGrid(Slide slide, AnalysisProfile profile) {
        SlideMpp mpp = SlideMpp.resolve(slide.mppX(), slide.mppY(), slide.objectivePower(), slide.plainImage(), null, 0);
        return GridPlanner.plan(mpp.describe(slide), profile);
    }

    /**
     * The grid of window centres: the inference grid's inputs, cells {@code stridePx} patch pixels apart, so
     * cell (col, row) is the window centred at ((col + ½)·stride, (row + ½)·stride) in level-0 pixels.
     */
    static GridGeometry windowGrid(Slide slide, AnalysisProfile profile, SamplingPlan plan) {
        GridGeometry inference = inferenceGrid(slide, profile);
        InputGeometry patch = inference.patchInput();
        plan.checkFits(patch.size());
        double stride = plan.stridePx() * patch.downsample();
        return new GridGeometry(inference.profile(), stride, (int) Math.floor(slide.width() / stride),
                (int) Math.floor(slide.height() / stride), inference.inputs());
    }

    /**
     * Labels the windows of {@code slide} by {@code truth} and gives the kept ones to {@code sink}, tumour first.
     *
     * @param mapSize for the FCN, the edge of the label map each example gets (its pixels' labels from the
     *                truth at their centres; the example is tumour when any is); 0 for a classifier
     */
    static Counts sample(Slide slide, TumourMask truth, AnalysisProfile profile, int mapSize, SamplingPlan plan,
                         long seed, Consumer<LabelledPatch> sink) {
        GridGeometry grid = windowGrid(slide, profile, plan);
        InputGeometry patch = grid.patchInput();
        double window = patch.extentLevel0();
        double centre = plan.centrePx() * patch.downsample();
        List<PatchRef> tumour = new ArrayList<>();
        List<PatchRef> normal = new ArrayList<>();
        for (int row = 0; row < grid.rows(); row++) {
            for (int col = 0; col < grid.cols(); col++) {
                double cx = (col + 0.5) * grid.cellSize();
                double cy = (row + 0.5) * grid.cellSize();
                if (cx - window / 2 < 0 || cy - window / 2 < 0 || cx + window / 2 > slide.width()
                        || cy + window / 2 > slide.height()) {
                    continue; // windows hanging over the slide's edge would be read partly from nothing
                }
                PatchRef ref = new PatchRef(col, row, grid.originX(col), grid.originY(row));
                boolean tumourCentre = truth.tumourFraction(cx - centre / 2, cy - centre / 2, centre, centre) > 0;
                (tumourCentre ? tumour : normal).add(ref);
            }
        }
        int[] labelled = new int[2]; // examples given out as normal, as tumour
        Consumer<LabelledPatch> counting = example -> {
            labelled[example.tumour() ? 1 : 0]++;
            sink.accept(example);
        };
        for (int from = 0; from < tumour.size(); from += READ_GROUP) {
            List<PatchRef> group = tumour.subList(from, Math.min(tumour.size(), from + READ_GROUP));
            byte[][] pixels = PatchPixelReader.read(slide, grid, group);
            for (int i = 0; i < group.size(); i++) {
                counting.accept(example(grid, pixels, i, true, labelMap(truth, grid, group.get(i), mapSize)));
            }
        }
        int quota = Math.max(plan.normalsPerTumour() * tumour.size(), plan.minNormalsPerSlide());
        shuffle(normal, new SplittableRandom(seed));
        int kept = 0;
        int read = 0;
        for (int i = 0; i < normal.size() && kept < quota; i++, read++) {
            byte[][] pixels = PatchPixelReader.read(slide, grid, List.of(normal.get(i)));
            if (TissuePixels.fraction(pixels[0]) >= plan.minNormalTissue()) {
                counting.accept(example(grid, pixels, 0, false, labelMap(truth, grid, normal.get(i), mapSize)));
                kept++;
            }
        }
        double normalOnSlide = read == 0 ? 0 : (double) normal.size() * kept / read;
        return new Counts(labelled[1], labelled[0], normal.size(), normalOnSlide);
    }

    /** The truth at the centres of an m × m map over the window's patch; null when m is 0. */
    private static LabelMap labelMap(TumourMask truth, GridGeometry grid, PatchRef ref, int mapSize) {
        if (mapSize == 0) {
            return new LabelMap(ref, null);
        }
        double window = grid.patchInput().extentLevel0();
        double left = (ref.col() + 0.5) * grid.cellSize() - window / 2;
        double top = (ref.row() + 0.5) * grid.cellSize() - window / 2;
        double step = window / mapSize;
        byte[] map = new byte[mapSize * mapSize];
        for (int j = 0; j < mapSize; j++) {
            for (int i = 0; i < mapSize; i++) {
                map[j * mapSize + i] = (byte) (truth.isTumourAt(left + (i + 0.5) * step, top + (j + 0.5) * step) ? 1 : 0);
            }
        }
        return new LabelMap(ref, map);
    }

    private record LabelMap(PatchRef ref, byte[] map) {
        boolean anyTumour() {
            for (byte b : map) {
                if (b != 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Example {@code index} of a read of several windows, each input's bytes copied out. With a label map the
     * example is tumour when any of its pixels is.
     */
    private static LabelledPatch example(GridGeometry grid, byte[][] pixels, int index, boolean tumour, LabelMap labels) {
        PatchRef ref = labels.ref();
        byte[][] inputs = new byte[pixels.length][];
        for (int input = 0; input < pixels.length; input++) {
            int size = grid.inputs().get(input).size();
            int bytes = size * size * 3;
            inputs[input] = Arrays.copyOfRange(pixels[input], index * bytes, (index + 1) * bytes);
        }
        boolean label = labels.map() == null ? tumour : labels.anyTumour();
        return new LabelledPatch(inputs, label, labels.map(), ref.col(), ref.row());
    }

    private static void shuffle(List<PatchRef> refs, SplittableRandom random) {
        for (int i = refs.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            refs.set(j, refs.set(i, refs.get(j)));
        }
    }
}
