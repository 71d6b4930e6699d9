package io.slidestream.inference.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

/** The worker's metrics (Prometheus at /q/metrics): batches by outcome, patches scored, seconds per batch. */
@ApplicationScoped
public class InferenceMetrics {
    private final MeterRegistry registry;
    private final Counter patches;
    private final Timer batchTime;

    public InferenceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.patches = Counter.builder("slidestream.inference.patches.scored").description("patches scored")
                .register(registry);
        this.batchTime = Timer.builder("slidestream.inference.batch").description("read and score one patch batch")
                .register(registry);
    }

    Timer.Sample start() {
        return Timer.start(registry);
    }

    void scored(Timer.Sample sample, int patchCount) {
        sample.stop(batchTime);
        patches.increment(patchCount);
        batch("scored");
    }

    /** Counts a batch's outcome: scored, failed (unreadable or vanished slide), refused (another model's profile). */
    void batch(String outcome) {
        Counter.builder("slidestream.inference.batches").description("patch batches by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }
}
