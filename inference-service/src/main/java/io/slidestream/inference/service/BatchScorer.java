package io.slidestream.inference.service;

import io.quarkus.runtime.Startup;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.slide.SlideRoots;
import io.slidestream.inference.config.InferenceConfig;
import io.slidestream.inference.pipeline.PipelineObserver;
import io.slidestream.inference.pipeline.PipelineSettings;
import io.slidestream.inference.pipeline.ReadStrategy;
import io.slidestream.inference.pipeline.ScoringPipeline;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The worker's scoring pipeline ({@link ScoringPipeline}), sized from the configuration. A model package that
 * cannot be loaded does not stop the service (a crash loop would only repeat the error): the scorer says why,
 * readiness is DOWN and the patch channels are never resumed ({@code ModelGate}), so batches wait in Kafka
 * for a worker with a usable model.
 */
@ApplicationScoped
@Startup
public class BatchScorer {
    private static final Logger LOG = Logger.getLogger(BatchScorer.class);

    private final ScoringPipeline pipeline;
    private final String modelProblem;

    public BatchScorer(InferenceConfig config, PipelineObserver observer) {
        PipelineSettings defaults = PipelineSettings.defaults();
        PipelineSettings settings = new PipelineSettings(config.readers().orElse(defaults.readers()),
                config.workers().orElse(defaults.workersPerDevice()), config.batchSize().orElse(defaults.batchSize()),
                config.batchWait().orElse(defaults.batchWait()), config.queuedPatches().orElse(defaults.queuedPatches()),
                config.slideCacheSize().orElse(defaults.slideCacheSize()), ReadStrategy.REGION,
                config.mapEdge().orElse(defaults.mapEdge()));
        ScoringPipeline started = null;
        String problem = null;
        try {
            started = ScoringPipeline.start(config.modelDir(), new SlideRoots(config.slideRoots()), settings, observer);
        } catch (RuntimeException e) {
            problem = "model package " + config.modelDir() + " cannot be loaded: " + e.getMessage();
            LOG.errorf("%s; readiness is DOWN and no patch batch is consumed until a usable model is deployed", problem);
        }
        this.pipeline = started;
        this.modelProblem = problem;
    }

    /** Why there is no model to score with; empty when it is loaded. */
    public Optional<String> modelProblem() {
        return Optional.ofNullable(modelProblem);
    }

    public String modelId() {
        return requirePipeline().metadata().id();
    }

    /** The devices scored on. */
    public String devices() {
        return requirePipeline().devices();
    }

    /** See {@link ScoringPipeline#submit}. */
    public CompletableFuture<ScoreBatch> score(PatchBatch batch) {
        return requirePipeline().submit(batch);
    }

    /** The pipeline, for its queue depths; empty without a model. */
    public Optional<ScoringPipeline> pipeline() {
        return Optional.ofNullable(pipeline);
    }

    private ScoringPipeline requirePipeline() {
        if (pipeline == null) {
            throw new IllegalStateException(modelProblem);
        }
        return pipeline;
    }

    @PreDestroy
    void close() {
        if (pipeline != null) {
            pipeline.close();
        }
    }
}
