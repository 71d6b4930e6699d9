package io.slidestream.synth;

/** The file format a synthetic slide is written in, as OpenSlide 3.4.1 will detect it. */
public enum SlideFormat {
    /**
     * Tiled pyramidal TIFF without a vendor marker: OpenSlide's {@code generic-tiff}. No associated
     * images; resolution, when given, in the TIFF resolution tags.
     */
    GENERIC_TIFF("tiff", "generic-tiff"),
    /**
     * Aperio SVS: OpenSlide's {@code aperio}. The first ImageDescription starts with "Aperio Image
     * Library" and carries {@code |key = value} properties (AppMag, MPP, and made-up patient and operator
     * values); a thumbnail follows level 0, a label and a macro image follow the last level.
     */
    APERIO_SVS("svs", "aperio");

    private final String extension;
    private final String openSlideVendor;

    SlideFormat(String extension, String openSlideVendor) {
        this.extension = extension;
        this.openSlideVendor = openSlideVendor;
    }

    /** The usual file extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** What OpenSlide reports as {@code openslide.vendor} for such a file. */
    public String openSlideVendor() {
        return openSlideVendor;
    }
}
