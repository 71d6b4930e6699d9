package io.slidestream.tiler.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.slidestream.tiler.service.TilingPlan;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The tiler's metrics (Prometheus at /q/metrics): slides by outcome, patches emitted, seconds from
 * opening a slide to its plan.
 */
@ApplicationScoped
public class TilerMetrics {
    private final MeterRegistry registry;
    private final Counter patches;
    private final Timer tiling;

    public TilerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.patches = Counter.builder("slidestream.tiler.patches.emitted")
                .description("tissue patches planned and published").register(registry);
        this.tiling = Timer.builder("slidestream.tiler.tiling")
                .description("time from opening a slide to its plan (inspection, tissue, grid, batches)")
                .register(registry);
    }

    /** Counts one slide's outcome: tiled, failed, reader-crashed, refused, duplicate. */
    public void slide(String outcome) {
        Counter.builder("slidestream.tiler.slides").description("slides by outcome").tag("outcome", outcome)
                .register(registry).increment();
    }

    Timer.Sample startTiling() {
        return Timer.start(registry);
    }

    void tiled(Timer.Sample sample, TilingPlan plan) {
        sample.stop(tiling);
        patches.increment(plan.manifest().patchCount());
        slide("tiled");
    }
}
