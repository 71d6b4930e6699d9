package io.slidestream.synth;

/**
 * Which pyramid levels the slide file holds. Levels are always made by halving (each level is the one
 * above halved, rounded up), so a layout only chooses which of those halvings are written: their sizes,
 * and so their downsamples, are the same whatever the layout.
 */
public enum LevelLayout {
    /** Downsamples 1, 2, 4, ...: what most converters (vips, bfconvert) write. */
    TWO_X(1),
    /** Downsamples 1, 4, 16, ...: what Aperio scanners write. */
    FOUR_X(2),
    /** Level 0 only: no pyramid, as some exports and older scanners produce. */
    SINGLE(0);

    /** Halvings between two written levels; 0 when only level 0 is written. */
    private final int halvingsPerLevel;

    LevelLayout(int halvingsPerLevel) {
        this.halvingsPerLevel = halvingsPerLevel;
    }

    int halvingsPerLevel() {
        return halvingsPerLevel;
    }
}
