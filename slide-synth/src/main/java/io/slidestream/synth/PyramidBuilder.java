package io.slidestream.synth;

import java.awt.image.BufferedImage;
import java.io.IOException;

/**
 * Produces every tile of the pyramid in one pass over level 0: paint and encode a tile row of level 0
 * (tiles in parallel), then let it cascade down, each level downsampling into its own strip and
 * emitting a tile row whenever that strip fills. Memory is one strip per computed level, whatever the
 * slide size. Levels the plan does not write (the odd halvings of a 4x pyramid) are computed the same
 * way but never encoded; the plan's overview level is also kept whole, for the thumbnail.
 */
final class PyramidBuilder {
    private final TileRenderer renderer;
    private final PyramidTiffWriter writer;
    private final TileWorkers workers;
    private final LevelStrip[] strips;
    private final boolean[] written;
    private final GlassTiles glass;
    private final PyramidLevel overviewLevel;
    private final BufferedImage overview;

    PyramidBuilder(SlideContent content, PyramidPlan plan, PyramidTiffWriter writer, TileWorkers workers) {
        this.renderer = new TileRenderer(content);
        this.writer = writer;
        this.workers = workers;
        byte pad = content.glass().padGrey();
        this.strips = plan.computed().stream().map(level -> new LevelStrip(level, pad)).toArray(LevelStrip[]::new);
        this.written = new boolean[strips.length];
        for (PyramidLevel level : plan.written()) {
            written[level.index()] = true;
        }
        this.glass = new GlassTiles(plan.computed());
        this.overviewLevel = plan.overview();
        this.overview = overviewLevel == null ? null
                : new BufferedImage(overviewLevel.width(), overviewLevel.height(), BufferedImage.TYPE_3BYTE_BGR);
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
            keepOverview(base);
            cascade(1, base);
            base.nextTileRow();
        }
    }

    /** The whole overview level, or null when the plan has none; complete after {@link #build}. */
    BufferedImage overview() {
        return overview;
    }

    private void cascade(int index, LevelStrip source) throws IOException {
        if (index == strips.length) {
            return;
        }
        LevelStrip strip = strips[index];
        workers.forEach(strip.level().tilesAcross(), column -> strip.downsampleColumn(source, column));
        strip.commitHalfOf(source);
        if (strip.full()) {
            if (written[index]) {
                write(strip, workers.encodeAll(strip.level().tilesAcross(),
                        (column, encoder) -> encode(strip, column, encoder)));
            }
            keepOverview(strip);
            cascade(index + 1, strip);
            strip.nextTileRow();
        }
    }

    private void keepOverview(LevelStrip strip) {
        if (strip.level().equals(overviewLevel)) {
            strip.copyInto(overview);
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
            writer.writeTile(strip.level(), first + column, tiles[column]);
        }
    }
}
