package io.slidestream.tiler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.List;

/** Every setting of the tiler, under {@code slidestream.tiler}. */
@ConfigMapping(prefix = "slidestream.tiler")
public interface TilerConfig {

    /** Folders slides may be read from; any other path is refused (env SLIDESTREAM_SLIDE_ROOTS). */
    List<Path> slideRoots();

    /** OpenSlide level patches are read at. */
    @WithDefault("1")
    int level();

    /** Patch edge in pixels of that level. */
    @WithDefault("64")
    int patchSize();

    /** How many levels coarser the same-centre context patch is read. */
    @WithDefault("2")
    int contextLevelOffset();

    /** Patch batches cover blocks of batch-edge × batch-edge grid cells, so neighbours travel together. */
    @WithDefault("8")
    int batchEdge();

    Tissue tissue();

    interface Tissue {
        /** A pixel is tissue when its grey level (0 black … 1 white) is at most this: the seeds' rule. */
        @WithDefault("0.8")
        double maxGrey();

        /** A patch is kept when at least this fraction of it is tissue. */
        @WithDefault("0.3")
        double minFraction();

        /** Tissue is found on the level closest to this downsample. */
        @WithDefault("32")
        double detectionDownsample();
    }
}
