package io.slidestream.inference.pipeline;

/** How a reader gets the pixels of a patch batch. */
public enum ReadStrategy {
    /** One region per input covering the whole batch: each JPEG tile is decoded once per batch. */
    REGION,
    /** One read per patch and per context patch: the naive way, kept to measure what regions save. */
    PER_PATCH
}
