package io.slidestream.synth;

/**
 * What the slide file says about its resolution. Whatever the file says, the ground truth records the
 * real microns per pixel, so tests can check what a reader makes of a slide that says less.
 */
public enum ResolutionMetadata {
    /**
     * Microns per pixel: the TIFF resolution tags for generic TIFF (OpenSlide 3.4.1 reports them as
     * {@code tiff.XResolution}, not as {@code openslide.mpp-x}); the MPP key, and AppMag beside it as on
     * every Aperio scan, for SVS ({@code openslide.mpp-x} and {@code openslide.objective-power}).
     */
    MPP,
    /**
     * The objective power only (AppMag, so {@code openslide.objective-power}), no microns per pixel
     * anywhere. Aperio only: OpenSlide 3.4.1 reads no objective power from a generic TIFF.
     */
    OBJECTIVE_ONLY,
    /** Nothing: no resolution tags, no MPP, no AppMag. */
    NONE
}
