package io.slidestream.inference.service;

import io.slidestream.core.events.Contract;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.ScoreBatch.PatchScore;
import io.slidestream.core.slide.SlideCache;
import io.slidestream.inference.config.InferenceConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** Reads a patch batch and scores it: the whole work of one message. */
@ApplicationScoped
@Startup
public class BatchScorer {
    private final SlideCache slides;
    private final PatchReader reader;
    private final PatchModel model;

    public BatchScorer(InferenceConfig config) {
        this.slides = new SlideCache(config.slideCacheSize());
        this.reader = new PatchReader(slides);
        this.model = PatchModel.load(config.modelDir(), config.workers());
    }

    public String modelId() {
        return model.metadata().id();
    }

    public ScoreBatch score(PatchBatch batch) {
        PatchTensors tensors = reader.read(batch, model.metadata());
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
