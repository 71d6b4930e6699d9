package io.slidestream.aggregator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the aggregator, under {@code slidestream.aggregator}. */
@ConfigMapping(prefix = "slidestream.aggregator")
public interface AggregatorConfig {

    /** A patch scoring at least this is tumour: counted in tumourPatches and white in the mask. */
    @WithDefault("0.5")
    double tumourThreshold();
}
