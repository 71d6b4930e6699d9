package io.slidestream.inference;

import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.grid.GridPlanner;
import io.slidestream.core.grid.SlideMpp;
import io.slidestream.core.model.AnalysisProfile;
import io.slidestream.core.slide.Slide;
import io.slidestream.trainer.DemoModel;

import java.nio.file.Path;

/** The grid the tiler plans for a slide file, as the tests' batches need it. */
public final class DemoGrids {
    private DemoGrids() {
    }

    /** For the demo model's profile. */
    public static GridGeometry of(Path file) {
        return of(file, DemoModel.metadata().profile());
    }

    public static GridGeometry of(Path file, AnalysisProfile profile) {
        try (Slide slide = Slide.open(file)) {
            return GridPlanner.plan(SlideMpp.of(slide.properties(), null, 0).describe(slide), profile);
        }
    }
}
