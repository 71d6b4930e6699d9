package io.slidestream.synth;

import java.awt.Graphics2D;
import java.util.HashMap;
import java.util.Map;

/**
 * A 5 x 7 pixel font for the slide label, drawn as rectangles. Not a system font on purpose: font files
 * and their rasterisers differ between machines (and a headless build box may have none), which would make
 * the label, and so the file's bytes, depend on where it was generated.
 */
final class BitmapFont {
    static final int GLYPH_WIDTH = 5;
    static final int GLYPH_HEIGHT = 7;
    /** Glyph width plus one column of spacing. */
    static final int ADVANCE = GLYPH_WIDTH + 1;

    /** Each glyph: its character, then 7 rows of 5 cells, '#' inked. */
    private static final String[] GLYPHS = {
        "A .###. #...# #...# ##### #...# #...# #...#",
        "B ####. #...# #...# ####. #...# #...# ####.",
        "C .###. #...# #.... #.... #.... #...# .###.",
        "D ####. #...# #...# #...# #...# #...# ####.",
        "E ##### #.... #.... ####. #.... #.... #####",
        "F ##### #.... #.... ####. #.... #.... #....",
        "G .###. #...# #.... #.### #...# #...# .####",
        "H #...# #...# #...# ##### #...# #...# #...#",
        "I .###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.",
        "J ..### ...#. ...#. ...#. ...#. #..#. .##..",
        "K #...# #..#. #.#.. ##... #.#.. #..#. #...#",
        "L #.... #.... #.... #.... #.... #.... #####",
        "M #...# ##.## #.#.# #.#.# #...# #...# #...#",
        "N #...# #...# ##..# #.#.# #..## #...# #...#",
        "O .###. #...# #...# #...# #...# #...# .###.",
        "P ####. #...# #...# ####. #.... #.... #....",
        "Q .###. #...# #...# #...# #.#.# #..#. .##.#",
        "R ####. #...# #...# ####. #.#.. #..#. #...#",
        "S .#### #.... #.... .###. ....# ....# ####.",
        "T ##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..",
        "U #...# #...# #...# #...# #...# #...# .###.",
        "V #...# #...# #...# #...# #...# .#.#. ..#..",
        "W #...# #...# #...# #.#.# #.#.# #.#.# .#.#.",
        "X #...# #...# .#.#. ..#.. .#.#. #...# #...#",
        "Y #...# #...# .#.#. ..#.. ..#.. ..#.. ..#..",
        "Z ##### ....# ...#. ..#.. .#... #.... #####",
        "0 .###. #...# #..## #.#.# ##..# #...# .###.",
        "1 ..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.",
        "2 .###. #...# ....# ...#. ..#.. .#... #####",
        "3 ##### ...#. ..#.. ...#. ....# #...# .###.",
        "4 ...#. ..##. .#.#. #..#. ##### ...#. ...#.",
        "5 ##### #.... ####. ....# ....# #...# .###.",
        "6 ..##. .#... #.... ####. #...# #...# .###.",
        "7 ##### ....# ...#. ..#.. .#... .#... .#...",
        "8 .###. #...# #...# .###. #...# #...# .###.",
        "9 .###. #...# #...# .#### ....# ...#. .##..",
        "- ..... ..... ..... ##### ..... ..... .....",
        ", ..... ..... ..... ..... .##.. ..#.. .#...",
        ". ..... ..... ..... ..... ..... .##.. .##..",
        ": ..... .##.. .##.. ..... .##.. .##.. .....",
        "/ ..... ....# ...#. ..#.. .#... #.... .....",
        "& .##.. #..#. #.#.. .#... #.#.# #..#. .##.#",
    };
    private static final Map<Character, boolean[]> CELLS = cells();

    private BitmapFont() {
    }

    /** Width in pixels of {@code text} at {@code scale} pixels per font cell. */
    static int width(String text, int scale) {
        return text.length() * ADVANCE * scale - scale;
    }

    /**
     * Draws {@code text} with its top-left corner at (x, y), each font cell {@code scale} pixels square, in
     * the graphics' current colour. Spaces, and characters the font lacks, leave a gap.
     */
    static void draw(Graphics2D graphics, String text, int x, int y, int scale) {
        for (int c = 0; c < text.length(); c++) {
            boolean[] cells = CELLS.get(Character.toUpperCase(text.charAt(c)));
            if (cells == null) {
                continue;
            }
            int left = x + c * ADVANCE * scale;
            for (int row = 0; row < GLYPH_HEIGHT; row++) {
                for (int column = 0; column < GLYPH_WIDTH; column++) {
                    if (cells[row * GLYPH_WIDTH + column]) {
                        graphics.fillRect(left + column * scale, y + row * scale, scale, scale);
                    }
                }
            }
        }
    }

    private static Map<Character, boolean[]> cells() {
        Map<Character, boolean[]> map = new HashMap<>();
        for (String glyph : GLYPHS) {
            String[] parts = glyph.split(" ");
            boolean[] cells = new boolean[GLYPH_WIDTH * GLYPH_HEIGHT];
            for (int row = 0; row < GLYPH_HEIGHT; row++) {
                for (int column = 0; column < GLYPH_WIDTH; column++) {
                    cells[row * GLYPH_WIDTH + column] = parts[row + 1].charAt(column) == '#';
                }
            }
            map.put(parts[0].charAt(0), cells);
        }
        return Map.copyOf(map);
    }
}
