package io.slidestream.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.List;

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

    /**
     * Worker threads, each with its own predictor (DJL predictors are not thread-safe). Must equal
     * {@code smallrye.messaging.worker.inference.max-concurrency}, which the properties derive from it.
     */
    @WithDefault("1")
    int workers();

    /** Open slides kept idle between batches; opening parses the whole TIFF directory. */
    @WithDefault("16")
    int slideCacheSize();
}
