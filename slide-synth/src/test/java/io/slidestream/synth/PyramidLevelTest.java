package io.slidestream.synth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PyramidLevelTest {
    @Test
    void benchmarkSlideHalvesDownToALevelThatFitsIn512Pixels() {
        List<PyramidLevel> levels = PyramidLevel.pyramid(61440, 40960, 256);

        assertEquals(8, levels.size());
        assertEquals(480, levels.getLast().width());
        assertEquals(320, levels.getLast().height());
        assertEquals(240 * 160, levels.getFirst().tileCount());
    }

    @Test
    void oddSizesRoundUpAndPartialTilesCount() {
        List<PyramidLevel> levels = PyramidLevel.pyramid(3001, 2099, 256);

        assertEquals(List.of(3001, 1501, 751, 376), levels.stream().map(PyramidLevel::width).toList());
        assertEquals(List.of(2099, 1050, 525, 263), levels.stream().map(PyramidLevel::height).toList());
        assertEquals(12, levels.getFirst().tilesAcross());
        assertEquals(9, levels.getFirst().tilesDown());
        assertEquals(2099 - 8 * 256, levels.getFirst().rowsInTileRow(8));
    }

    @Test
    void aSlideThatAlreadyFitsHasOneLevel() {
        assertEquals(1, PyramidLevel.pyramid(512, 350, 256).size());
    }
}
