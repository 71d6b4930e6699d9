package io.slidestream.aggregator.results;

import java.util.Optional;

/** The six files of a completed slide's results, as stored under {@code <results-dir>/<slideId>/} and served. */
public enum OutputFile {
    /** One pixel per grid cell (per sub-cell with probability maps), colour-mapped score, transparent off tissue. */
    HEATMAP_PNG("heatmap.png", "image/png"),
    /** One pixel per grid cell (per sub-cell with probability maps), 8-bit grey: 255 tumour, 0 otherwise. */
    MASK_PNG("mask.png", "image/png"),
    /** Pyramidal tiled TIFF of the tumour mask in the slide's level-0 frame at {@link MaskTiff#downsample}. */
    MASK_TIFF("mask.tiff", "image/tiff"),
    /** Lesion outlines as GeoJSON annotations QuPath imports. */
    REGIONS_GEOJSON("regions.geojson", "application/geo+json"),
    /** WSInfer's columns: one row per scored cell. */
    SCORES_CSV("scores.csv", "text/csv"),
    /** What was run, on what, how long it took, and the verdict. */
    RUN_JSON("run.json", "application/json");

    private final String fileName;
    private final String mediaType;

    OutputFile(String fileName, String mediaType) {
        this.fileName = fileName;
        this.mediaType = mediaType;
    }

    public String fileName() {
        return fileName;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The output with this exact file name, empty for any other name. */
    public static Optional<OutputFile> byFileName(String name) {
        for (OutputFile file : values()) {
            if (file.fileName.equals(name)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }
}
