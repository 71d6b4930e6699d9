package io.slidestream.core.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a slide's microns per pixel came from, most trustworthy first. */
public enum MppSource {
    /** The file states it (OpenSlide's mpp, or the TIFF resolution tags). */
    @JsonProperty("slide")
    SLIDE,
    /** The slide-ready event or REST request gave it. */
    @JsonProperty("request")
    REQUEST,
    /** Derived from the objective power: 10 µm/px divided by the magnification (40× → 0.25). */
    @JsonProperty("objective-power")
    OBJECTIVE_POWER,
    /** Nothing said: the tiler's configured default. */
    @JsonProperty("configured-default")
    CONFIGURED_DEFAULT
}
