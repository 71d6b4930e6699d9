package io.slidestream.aggregator.service;

import io.slidestream.aggregator.results.ColourMap;
import io.slidestream.aggregator.stitching.ScoreGrid;
import io.slidestream.core.events.ScoreBatch.PatchScore;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GridImagesTest {

    private final ScoreGrid grid = new ScoreGrid(3, 2);

    GridImagesTest() {
        grid.record(List.of(new PatchScore(0, 0, 0f), new PatchScore(1, 0, 0.5f), new PatchScore(2, 1, 1f)));
    }

    @Test
    void the_mask_is_white_exactly_where_the_score_reaches_the_threshold() throws Exception {
        BufferedImage mask = ImageIO.read(new ByteArrayInputStream(GridImages.png(GridImages.mask(grid, 0.5, 1))));

        assertEquals(3, mask.getWidth());
        assertEquals(2, mask.getHeight());
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, mask.getType());
        int[][] expected = {{0, 255, 0}, {0, 0, 255}};
        for (int row = 0; row < 2; row++) {
            for (int col = 0; col < 3; col++) {
                assertEquals(expected[row][col], mask.getRaster().getSample(col, row, 0), "cell " + col + "," + row);
            }
        }
    }

    @Test
    void the_heatmap_leaves_unscored_cells_transparent_and_scales_by_whole_pixels() throws Exception {
        BufferedImage heatmap = ImageIO.read(new ByteArrayInputStream(GridImages.png(GridImages.heatmap(grid, 4))));

        assertEquals(12, heatmap.getWidth());
        assertEquals(8, heatmap.getHeight());
        assertEquals(0, heatmap.getRGB(0, 4) >>> 24, "cell (0,1) has no score");
        assertEquals(ColourMap.argb(1f), heatmap.getRGB(11, 7));
        assertEquals(ColourMap.argb(1f), heatmap.getRGB(8, 4));
        assertEquals(ColourMap.argb(0f), heatmap.getRGB(3, 3));
    }
}
