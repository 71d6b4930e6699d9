package io.slidestream.aggregator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Optional;

/** Settings of the aggregator, under {@code slidestream.aggregator}. */
@ConfigMapping(prefix = "slidestream.aggregator")
public interface AggregatorConfig {

    /**
     * A patch scoring at least this is tumour (counted in tumourPatches, white in the mask, part of a lesion)
     * when its scores do not carry their model's threshold; workers of this version always send it.
     */
    @WithDefault("0.5")
    double tumourThreshold();

    /**
     * Kafka Streams application id: the consumer group and the prefix of the changelog topics. Instances with
     * the same id share the slides by partition.
     */
    @WithDefault("aggregator")
    String applicationId();

    /** Local copy of the state stores (RocksDB); rebuilt from the changelog topics when lost. */
    @WithDefault("aggregator-state")
    Path stateDir();

    /** Finished slides' outputs, one folder per slide, kept beyond topic retention. */
    @WithDefault("results")
    Path resultsDir();

    /**
     * This instance's base URL as the other instances reach it (e.g. {@code http://aggregator-0.aggregator:8080}).
     * Needed when several instances run: each answers for any slide by asking the one that holds it.
     */
    Optional<String> instanceUrl();

    /** Stream threads of this instance (at most one per input partition is busy). */
    @WithDefault("1")
    int streamThreads();

    /** Base URL of the tiler, which serves the slides' tiles to the viewer through this service. */
    @WithDefault("http://localhost:8081")
    String tilerUrl();

    /** The key sent to the tiler as a bearer token when the tiler has API keys. */
    Optional<String> tilerApiKey();
}
