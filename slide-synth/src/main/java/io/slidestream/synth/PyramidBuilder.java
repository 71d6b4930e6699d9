package io.slidestream.synth;

import java.io.IOException;
import java.util.List;

/**
 * Produces every tile of the pyramid in one pass over level 0: paint and encode a tile row of level 0
 * (tiles in parallel), then let it cascade down, each level downsampling into its own strip and
 * emitting a tile row whenever that strip fills. Memory is one strip per level, whatever the slide size.
 */
final class PyramidBuilder {
    private final TileRenderer renderer;
    private final PyramidTiffWriter writer;
    private final TileWorkers workers;
    private final LevelStrip[] strips;
    private final GlassTiles glass;

    PyramidBuilder(SlideContent content, List<PyramidLevel> levels, PyramidTiffWriter writer, TileWorkers workers) {
        this.renderer = new TileRenderer(content);
        this.writer = writer;
        this.workers = workers;
        this.strips = levels.stream().map(LevelStrip::new).toArray(LevelStrip[]::new);
        this.glass = new GlassTiles(levels);
    }

    void build() throws IOException {
        LevelStrip base = strips[0];
        PyramidLevel level = base.level();
        int size = level.tileSize();
        for (int tileRow = 0; tileRow < level.tilesDown(); tileRow++) {
            int row = tileRow;
            byte[][] tiles = workers.encodeAll(level.tilesAcross(), (column, encoder) -> {
                boolean onlyGlass = renderer.render(base.pixels(), base.stride(), column * size,
                        (long) column * size, (long) row * size, size, size);
                glass.markBase(column, row, onlyGlass);
                return encode(base, column, encoder);
            });
            write(base, tiles);
            base.markPainted();
            cascade(1, base);
            base.nextTileRow();
        }
    }

    private void cascade(int index, LevelStrip source) throws IOException {
        if (index == strips.length) {
            return;
        }
        LevelStrip strip = strips[index];
        workers.forEach(strip.level().tilesAcross(), column -> strip.downsampleColumn(source, column));
        strip.commitHalfOf(source);
        if (strip.full()) {
            write(strip, workers.encodeAll(strip.level().tilesAcross(),
                    (column, encoder) -> encode(strip, column, encoder)));
            cascade(index + 1, strip);
            strip.nextTileRow();
        }
    }

    private byte[] encode(LevelStrip strip, int column, JpegTileEncoder encoder) {
        if (glass.isGlass(strip.level(), column, strip.tileRow())) {
            return glass.encoded(strip.level().index(), () -> encoder.encode(strip.tile(column)));
        }
        return encoder.encode(strip.tile(column));
    }

    private void write(LevelStrip strip, byte[][] tiles) throws IOException {
        int first = strip.tileRow() * strip.level().tilesAcross();
        for (int column = 0; column < tiles.length; column++) {
            writer.writeTile(strip.level().index(), first + column, tiles[column]);
        }
    }
}
