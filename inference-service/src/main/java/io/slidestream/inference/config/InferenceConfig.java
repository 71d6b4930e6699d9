package io.slidestream.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every setting of the inference service, under {@code slidestream.inference}. */
@ConfigMapping(prefix = "slidestream.inference")
public interface InferenceConfig {

    /**
     * Folders slide references are resolved in, searched in order (env SLIDESTREAM_SLIDE_ROOTS): the
     * same slide store the tiler reads, mounted wherever this worker has it.
     */
    List<Path> slideRoots();

    /** Model package: a TensorFlow SavedModel with slidestream-model.json beside it. */
    Path modelDir();

    // The pipeline's sizes: unset ones take PipelineSettings.defaults(), their one definition (the bench uses it too).

    /**
     * Scorer threads per device (each GPU, else the CPU), each with its own predictor. On a CPU one is best:
     * TensorFlow already spreads one call over every core.
     */
    Optional<Integer> workers();

    /** Reader threads. Raise it on a GPU, where reading is the bottleneck. */
    Optional<Integer> readers();

    /** Most patches in one model call, gathered from as many patch batches as it takes. */
    Optional<Integer> batchSize();

    /** Longest a worker waits to fill a model batch once it holds some patches. */
    Optional<Duration> batchWait();

    /** Most read patches waiting for a worker (their pixels are in memory); readers wait beyond it. */
    Optional<Integer> queuedPatches();

    /** Open slides kept idle between batches; opening parses the whole TIFF directory. */
    Optional<Integer> slideCacheSize();

    /**
     * A probability-map model's maps are published with each score reduced (by maximum) to at most this many
     * sub-cells each way, 1..16: the aggregator stitches its masks that much finer than the patch grid.
     */
    Optional<Integer> mapEdge();

    /**
     * Patch batches in hand per channel (being read, queued or scored). Beyond it no record is taken from the
     * channel: its Kafka consumer pauses once its small buffer is full, and resumes as batches are done.
     */
    @WithDefault("8")
    int batchesInFlight();
}
