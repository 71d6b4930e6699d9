package io.slidestream.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

/** Every setting of the inference service, under {@code slidestream.inference}. */
@ConfigMapping(prefix = "slidestream.inference")
public interface InferenceConfig {

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
