package io.slidestream.aggregator.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.slidestream.aggregator.stitching.SlideCompletion;
import io.slidestream.aggregator.stitching.SlideRecord;
import jakarta.enterprise.context.ApplicationScoped;

/** Verdict and outputs of a completed slide. */
@ApplicationScoped
public class SlideResults implements SlideCompletion {

    @Override
    public JsonNode complete(SlideRecord slide, float[] scores) {
        return null; // TODO(lead): verdict + results dir, once feat/results is merged
    }
}
