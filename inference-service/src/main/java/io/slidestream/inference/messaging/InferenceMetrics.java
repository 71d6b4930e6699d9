package io.slidestream.inference.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.slidestream.inference.pipeline.PipelineObserver;
import io.slidestream.inference.pipeline.ScoringPipeline;
import io.slidestream.inference.service.BatchScorer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.concurrent.TimeUnit;

/**
 * The worker's metrics (Prometheus at /q/metrics), never per patch: patches scored (its rate is patches/s),
 * model batch sizes and call times per device, read time per patch batch, the two queue depths, patch
 * batches by outcome and the time from taking a batch to its scores.
 */
@ApplicationScoped
public class InferenceMetrics implements PipelineObserver {
    private final MeterRegistry registry;
    private final Counter patches;
    private final Timer batchTime;
    private final Timer readTime;

    public InferenceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.patches = Counter.builder("slidestream.inference.patches.scored").description("patches scored")
                .register(registry);
        this.batchTime = Timer.builder("slidestream.inference.batch")
                .description("a patch batch from taking it to its scores: queues, read and model calls").register(registry);
        this.readTime = Timer.builder("slidestream.inference.read").description("reading one patch batch's pixels")
                .register(registry);
    }

    void queues(@Observes StartupEvent started, BatchScorer scorer) {
        scorer.pipeline().ifPresent(pipeline -> {
            Gauge.builder("slidestream.inference.queue.batches", pipeline, ScoringPipeline::batchesWaiting)
                    .description("patch batches waiting for a reader").register(registry);
            Gauge.builder("slidestream.inference.queue.patches", pipeline, ScoringPipeline::patchesQueued)
                    .description("read patches waiting for a worker").register(registry);
        });
    }

    @Override
    public void read(int patchCount, long nanos) {
        readTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void modelBatch(String device, int patchCount, long nanos) {
        patches.increment(patchCount);
        DistributionSummary.builder("slidestream.inference.model.batch.size").description("patches per model call")
                .tag("device", device).register(registry).record(patchCount);
        Timer.builder("slidestream.inference.model.call").description("one model call, input conversion included")
                .tag("device", device).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    Timer.Sample start() {
        return Timer.start(registry);
    }

    void done(Timer.Sample sample) {
        sample.stop(batchTime);
    }

    /** Counts a batch's outcome: scored, failed (unreadable or vanished slide), refused (another model's profile). */
    void batch(String outcome) {
        Counter.builder("slidestream.inference.batches").description("patch batches by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }
}
