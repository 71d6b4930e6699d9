package io.slidestream.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What one model input shows of a grid cell. */
public enum InputRole {
    /** The cell itself: the patch the score belongs to. Its edge in level-0 pixels is the grid's cell edge. */
    @JsonProperty("patch")
    PATCH,
    /** A coarser view around the same centre, for the multi-scale towers of Liu et al. */
    @JsonProperty("context")
    CONTEXT
}
