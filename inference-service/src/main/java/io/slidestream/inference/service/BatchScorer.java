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

import java.util.ArrayList;
import java.util.List;

/** Checks, reads and scores a patch batch: the whole work of one message. */
@ApplicationScoped
@Startup
public class BatchScorer {
    private final SlideCache slides;
    private final PatchReader reader;
    private final PatchModel model;

    public BatchScorer(InferenceConfig config) {
        this.slides = new SlideCache(config.slideCacheSize());
        this.model = PatchModel.load(config.modelDir(), config.workers());
        this.reader = new PatchReader(slides, new SlideRoots(config.slideRoots()),
                ReinhardNormaliser.of(model.metadata().stainNormalisation()));
    }

    public String modelId() {
        return model.metadata().id();
    }

    /**
     * @throws BatchRefusedException when the batch was planned for inputs other than this model's
     */
    public ScoreBatch score(PatchBatch batch) {
        batch.grid().asProfile().mismatchWith(model.metadata()).ifPresent(why -> {
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
        model.close();
        slides.close();
    }
}
