package io.slidestream.tiler.service;

import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.Slide;
import io.slidestream.tiler.config.TilerConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Finds tissue on a low-resolution level with the seeds' grey-density rule: a pixel is tissue when its
 * grey level is at most {@code max-grey} (glass and background are near white). The level is read in
 * strips so even a coarse level of a huge slide never needs one giant buffer.
 */
@ApplicationScoped
public class TissueDetector {
    static final int STRIP_ROWS = 512;

    private final double maxGrey;
    private final double detectionDownsample;

    public TissueDetector(TilerConfig config) {
        this.maxGrey = config.tissue().maxGrey();
        this.detectionDownsample = config.tissue().detectionDownsample();
    }

    public String rule() {
        return "grey <= " + maxGrey + " at downsample ~" + detectionDownsample;
    }

    public TissueMap detect(Slide slide) {
        int level = slide.bestLevelForDownsample(detectionDownsample);
        int width = Math.toIntExact(slide.levelWidth(level));
        int height = Math.toIntExact(slide.levelHeight(level));
        double downsample = slide.levelDownsample(level);
        boolean[] tissue = new boolean[width * height];
        int threshold = (int) Math.round(maxGrey * 255 * 1000);
        for (int top = 0; top < height; top += STRIP_ROWS) {
            int rows = Math.min(STRIP_ROWS, height - top);
            RgbImage strip = slide.read(new RegionRequest(level, 0, Math.round(top * downsample), width, rows));
            byte[] rgb = strip.rgb();
            for (int i = 0, p = top * width; i < width * rows; i++, p++) {
                // ITU-R 601 luma in thousandths, integer arithmetic on the hot loop.
                int grey = 299 * (rgb[3 * i] & 0xff) + 587 * (rgb[3 * i + 1] & 0xff) + 114 * (rgb[3 * i + 2] & 0xff);
                tissue[p] = grey <= threshold;
            }
        }
        return new TissueMap(width, height, downsample, tissue);
    }
}
