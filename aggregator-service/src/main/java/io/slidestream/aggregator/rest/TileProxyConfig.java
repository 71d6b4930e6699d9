package io.slidestream.aggregator.rest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * The tile proxy's settings, under {@code slidestream.aggregator} beside AggregatorConfig's (a mapping of
 * its own for now, so those keys are known to config validation; to be folded into AggregatorConfig).
 */
@ConfigMapping(prefix = "slidestream.aggregator")
public interface TileProxyConfig {
    /** Base URL of the tiler, which serves the slides' tiles (env SLIDESTREAM_AGGREGATOR_TILER_URL). */
    @WithDefault("http://localhost:8081")
    String tilerUrl();

    /** The key the aggregator sends to the tiler as a bearer token when the tiler has API keys. */
    Optional<String> tilerApiKey();
}
