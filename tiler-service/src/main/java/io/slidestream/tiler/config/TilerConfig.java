package io.slidestream.tiler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** Every setting of the tiler, under {@code slidestream.tiler}. */
@ConfigMapping(prefix = "slidestream.tiler")
public interface TilerConfig {

    /** Folders slides may be read from; any other path is refused (env SLIDESTREAM_SLIDE_ROOTS). */
    List<Path> slideRoots();

    /**
     * The deployed model package (env SLIDESTREAM_MODEL_DIR): its metadata's inputs are the default
     * analysis profile, named after the model. Only slidestream-model.json is read.
     */
    Optional<Path> modelDir();

    /** Name of the profile used when a request names none; the model's own profile when unset. */
    Optional<String> defaultProfile();

    /** More profiles a request may name, e.g. {@code profiles.pcam.patch-size=96}, {@code profiles.pcam.patch-mpp=0.97}. */
    Map<String, Profile> profiles();

    /** Level-0 µm per pixel of slides that state neither their resolution nor their objective power. */
    @WithDefault("0.25")
    double defaultMpp();

    /**
     * Patch batches cover blocks of batch-edge × batch-edge grid cells, so neighbours travel together. Unset:
     * about 1024 patch pixels on a side (16 cells of 64 px, 3 of 299 px), at most 16.
     */
    OptionalInt batchEdge();

    Tissue tissue();

    Reader reader();

    Fairness fairness();

    Tiles tiles();

    /**
     * DeepZoom tiles of the slides this tiler planned, for the dashboard's viewer. Read in reader processes
     * of their own (not the intake's), so viewing never waits behind a slide being inspected, and a slide
     * that crashes OpenSlide costs only that request.
     */
    interface Tiles {
        /** Reader processes serving tiles, i.e. tiles read at once. */
        @WithDefault("2")
        int readers();

        /** Slides each tile reader keeps open (least recently used closed first). */
        @WithDefault("4")
        int openSlides();

        /** Longest one tile may take to read; a reader that takes longer is killed and replaced. */
        @WithDefault("30s")
        Duration timeout();

        /** JPEG quality of the tiles, 0 to 1. */
        @WithDefault("0.85")
        float jpegQuality();
    }

    /** A named analysis profile: a patch input and an optional same-centre context input. */
    interface Profile {
        int patchSize();

        double patchMpp();

        OptionalInt contextSize();

        OptionalDouble contextMpp();
    }

    interface Tissue {
        /** {@code otsu} (HSV saturation, Otsu, morphology; the default) or {@code grey} (the seeds' grey rule). */
        @WithDefault("otsu")
        String method();

        /** The method's parameters by name (see README), e.g. {@code parameters.closing-um=30}. */
        Map<String, String> parameters();

        /** A patch is kept when at least this fraction of it is tissue. */
        @WithDefault("0.3")
        double minFraction();

        /** Long side in pixels of the thumbnail tissue is found on. */
        @WithDefault("2048")
        int thumbnailMaxSide();
    }

    /** The child process that opens and reads each new slide, so a crash in OpenSlide costs only that slide. */
    interface Reader {
        /**
         * Longest a slide may take to be opened and thumbnailed. Pyramids take about a second; a slide with one
         * huge level is read whole at about 30 Mpx/s (a 100k × 80k one in some 5 minutes). A crash ends the
         * wait at once; this only bounds a reader that hangs.
         */
        @WithDefault("600s")
        Duration timeout();

        /** Heap of the reader process. */
        @WithDefault("512m")
        String maxHeap();
    }

    /**
     * Publication of patch batches: round-robin across the slides being published, urgent ones first,
     * keeping the workers' backlog short so that a slide submitted later is not queued behind a huge one.
     */
    interface Fairness {
        /** The workers' consumer group, whose lag on the patch topics is the backlog. */
        @WithDefault("inference")
        String workerGroup();

        /** Batches waiting for the workers per patch topic, at most (the workers' lag). */
        @WithDefault("256")
        int maxBacklog();

        /** Batches one slide sends in its turn of the round-robin. */
        @WithDefault("8")
        int quantum();

        /** Slides planned and being published at once; further slide-ready events wait. */
        @WithDefault("64")
        int maxSlidesInFlight();

        /** How often the backlog is measured. */
        @WithDefault("200ms")
        Duration probeInterval();
    }
}
