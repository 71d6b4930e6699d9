package io.slidestream.synth;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Samples the truth at the centre of every mask pixel: tissue where the tissue field is positive and no
 * border band hides it, tumour where a lesion outline contains the point on such tissue. These are the
 * same field values and outlines the tile renderer paints with, so the masks agree with the pixels. Ink
 * and bubbles do not change the tissue truth (see {@link Artefacts}); they go to the artefact mask, which
 * marks every block an artefact reaches into, since their lines are thinner than a mask pixel.
 */
final class MaskRenderer {
    private MaskRenderer() {
    }

    static GroundTruth render(SlideContent content) {
        return render(content, Map.of(), List.of());
    }

    /** With the vendor properties and made-up patient values the slide file carries, for the truth file. */
    static GroundTruth render(SlideContent content, Map<String, String> vendorProperties, List<String> phiValues) {
        SyntheticSlideSpec spec = content.spec();
        ScannerArtefacts artefacts = content.artefacts();
        int downsample = spec.maskDownsample();
        int maskWidth = Math.ceilDiv(spec.width(), downsample);
        int maskHeight = Math.ceilDiv(spec.height(), downsample);
        byte[] tissue = new byte[maskWidth * maskHeight];
        byte[] tumour = new byte[maskWidth * maskHeight];
        IntStream.range(0, maskHeight).parallel().forEach(row -> {
            long y = centre(row, downsample, spec.height());
            LatticePatch field = content.tissue().sample(0, y, spec.width(), y + 1);
            List<LesionShape> lesions = content.lesionsTouching(0, y, spec.width(), y + 1, 0);
            for (int column = 0; column < maskWidth; column++) {
                long x = centre(column, downsample, spec.width());
                if (field.valueAt(x, y) > 0 && !artefacts.occludes(x, y)) {
                    tissue[row * maskWidth + column] = (byte) 255;
                    if (SlideContent.inLesion(lesions, x, y)) {
                        tumour[row * maskWidth + column] = (byte) 255;
                    }
                }
            }
        });
        byte[] artefactMask = artefacts.isEmpty() ? null : artefactMask(spec, artefacts, maskWidth, maskHeight);
        return new GroundTruth(spec.seed(), spec.width(), spec.height(), spec.mpp(), downsample, maskWidth,
                maskHeight, tumour, tissue, LesionStatistics.of(content), placed(spec.artefacts(), artefacts),
                artefactMask, vendorProperties, phiValues);
    }

    /**
     * Marks the blocks an artefact reaches into: only blocks the artefacts' outlines may touch are
     * sampled, on a grid of half the thinnest line's width that includes the block's edges, so that no
     * line slips between samples (an artefact that reaches into a block only by a pixel or two may).
     */
    private static byte[] artefactMask(SyntheticSlideSpec spec, ScannerArtefacts artefacts, int maskWidth,
                                       int maskHeight) {
        int downsample = spec.maskDownsample();
        int step = (int) Math.clamp(Math.floor(artefacts.finestLinePx() / 2), 1, downsample);
        byte[] mask = new byte[maskWidth * maskHeight];
        IntStream.range(0, maskHeight).parallel().forEach(row -> {
            long y0 = (long) row * downsample;
            long y1 = Math.min(y0 + downsample, spec.height());
            for (int column = 0; column < maskWidth; column++) {
                long x0 = (long) column * downsample;
                long x1 = Math.min(x0 + downsample, spec.width());
                if (artefacts.touches(x0, y0, x1, y1) && anyCovered(artefacts, x0, y0, x1, y1, step)) {
                    mask[row * maskWidth + column] = (byte) 255;
                }
            }
        });
        return mask;
    }

    /** Samples every {@code step} pixels from the block's first row and column, and its last ones too. */
    private static boolean anyCovered(ScannerArtefacts artefacts, long x0, long y0, long x1, long y1, int step) {
        for (long y = y0; y < y1; y = next(y, step, y1)) {
            for (long x = x0; x < x1; x = next(x, step, x1)) {
                if (artefacts.covers(x, y)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The next sample after {@code at}: {@code step} on, but never past the last pixel before {@code end}. */
    private static long next(long at, int step, long end) {
        return at == end - 1 ? end : Math.min(at + step, end - 1);
    }

    /** The artefacts as they were placed (bubbles that found no room are left out); null-free. */
    private static Artefacts placed(Artefacts wanted, ScannerArtefacts placed) {
        return new Artefacts(wanted.greyBackground(), placed.borderCount() > 0, placed.penMarkCount(),
                placed.bubbleCount());
    }

    /** The level-0 pixel at the centre of mask pixel {@code index}, kept inside the slide for a partial last one. */
    private static long centre(int index, int downsample, int size) {
        return Math.min((long) index * downsample + downsample / 2, size - 1);
    }
}
