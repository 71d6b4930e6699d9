package io.slidestream.aggregator;

import io.slidestream.core.events.Contract;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.InputGeometry;
import io.slidestream.core.events.MppSource;
import io.slidestream.core.events.Priority;
import io.slidestream.core.events.SlideDescription;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.model.InputRole;

import java.time.Instant;
import java.util.List;

/** Manifests as the tiler publishes them: 256 px cells (64 µm at 0.25 µm/px) of a 40× slide. */
public final class TestManifests {
    private TestManifests() {
    }

    public static SlideManifest manifest(String slideId, int cols, int rows, int patchCount, Instant createdAt) {
        GridGeometry grid = new GridGeometry("demo", 256, cols, rows, List.of(
                new InputGeometry("patch", InputRole.PATCH, 64, 1.0, 4.0, 1, 4.0, 64),
                new InputGeometry("context", InputRole.CONTEXT, 64, 4.0, 16.0, 2, 16.0, 64)));
        SlideDescription slide = new SlideDescription("aperio", cols * 256L, rows * 256L, List.of(
                new SlideDescription.Level(cols * 256L, rows * 256L, 1)), 0.2425, MppSource.SLIDE, 40, 256, 256);
        return new SlideManifest(Contract.SCHEMA_VERSION, slideId, slideId + ".svs", slide, grid, patchCount, 1,
                new SlideManifest.TissueSummary("test", 1.5, 0.4), Priority.ROUTINE, createdAt);
    }
}
