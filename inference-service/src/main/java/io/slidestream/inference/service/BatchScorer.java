package io.slidestream.inference.service;

import io.quarkus.runtime.Startup;
import io.slidestream.core.events.Contract;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.ScoreBatch.PatchScore;
import io.slidestream.core.slide.SlideCache;
import io.slidestream.core.slide.SlideRoots;
import io.slidestream.inference.config.InferenceConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks, reads and scores a patch batch: the whole work of one message. A model package that cannot be
 * loaded does not stop the service (a crash loop would only repeat the error): the scorer says why,
 * readiness is DOWN and the patch channels are never resumed ({@code ModelGate}), so batches wait in Kafka
 * for a worker with a usable model.
 */
@ApplicationScoped
@Startup
public class BatchScorer {
    private static final Logger LOG = Logger.getLogger(BatchScorer.class);

    private final SlideCache slides;
    private final PatchReader reader;
    private final PatchModel model;
    private final String modelProblem;

    public BatchScorer(InferenceConfig config) {
        this.slides = new SlideCache(config.slideCacheSize());
        PatchModel loaded = null;
        String problem = null;
        try {
            loaded = PatchModel.load(config.modelDir(), config.workers());
        } catch (RuntimeException e) {
            problem = "model package " + config.modelDir() + " cannot be loaded: " + e.getMessage();
            LOG.errorf("%s; readiness is DOWN and no patch batch is consumed until a usable model is deployed", problem);
        }
        this.model = loaded;
        this.modelProblem = problem;
        this.reader = loaded == null ? null : new PatchReader(slides, new SlideRoots(config.slideRoots()),
                ReinhardNormaliser.of(loaded.metadata().stainNormalisation()));
    }

    /** Why there is no model to score with; empty when it is loaded. */
    public Optional<String> modelProblem() {
        return Optional.ofNullable(modelProblem);
    }

    public String modelId() {
        return requireModel().metadata().id();
    }

    private PatchModel requireModel() {
        if (model == null) {
            throw new IllegalStateException(modelProblem);
        }
        return model;
    }

    /**
     * @throws BatchRefusedException when the batch was planned for inputs other than this model's
     */
    public ScoreBatch score(PatchBatch batch) {
        batch.grid().asProfile().mismatchWith(requireModel().metadata()).ifPresent(why -> {
            throw new BatchRefusedException("batch " + batch.batchIndex() + " of slide " + batch.slideId()
                    + " cannot be scored here: " + why);
        });
        PatchTensors tensors = reader.read(batch);
        float[] scores = model.score(tensors);
        List<PatchScore> result = new ArrayList<>(scores.length);
        for (int i = 0; i < scores.length; i++) {
            result.add(new PatchScore(tensors.cols()[i], tensors.rows()[i], scores[i]));
        }
        return new ScoreBatch(Contract.SCHEMA_VERSION, batch.slideId(), batch.batchIndex(), modelId(), result);
    }

    @PreDestroy
    void close() {
        if (model != null) {
            model.close();
        }
        slides.close();
    }
}
