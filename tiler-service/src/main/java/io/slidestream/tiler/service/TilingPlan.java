package io.slidestream.tiler.service;

import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.SlideManifest;

import java.util.List;

/** Everything the tiler publishes for one slide: the manifest first, then its patch batches. */
public record TilingPlan(SlideManifest manifest, List<PatchBatch> batches) {
}
