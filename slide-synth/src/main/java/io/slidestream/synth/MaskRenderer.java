package io.slidestream.synth;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Samples the truth at the centre of every mask pixel: tissue where the tissue field is positive,
 * tumour where a lesion outline contains the point on tissue. These are the same field values and
 * outlines the tile renderer paints with, so the masks agree with the pixels.
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
                if (field.valueAt(x, y) > 0) {
                    tissue[row * maskWidth + column] = (byte) 255;
                    if (SlideContent.inLesion(lesions, x, y)) {
                        tumour[row * maskWidth + column] = (byte) 255;
                    }
                }
            }
        });
        return new GroundTruth(spec.seed(), spec.width(), spec.height(), spec.mpp(), downsample, maskWidth,
                maskHeight, tumour, tissue, LesionStatistics.of(content), vendorProperties, phiValues);
    }

    /** The level-0 pixel at the centre of mask pixel {@code index}, kept inside the slide for a partial last one. */
    private static long centre(int index, int downsample, int size) {
        return Math.min((long) index * downsample + downsample / 2, size - 1);
    }
}
