package io.slidestream.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.slidestream.core.events.EventJson;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A finished slide's outputs as fetched from the aggregator. */
public record SlideOutputs(JsonNode status, byte[] heatmapPng, byte[] maskPng, JsonNode scores) {

    public static SlideOutputs fetch(SlideStreamClient client, String slideId) {
        JsonNode status = client.status(slideId);
        byte[] heatmap = client.output(slideId, "heatmap.png?scale=4");
        byte[] mask = client.output(slideId, "mask.png");
        JsonNode scores;
        try {
            scores = EventJson.mapper().readTree(client.output(slideId, "scores"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SlideOutputs(status, heatmap, mask, scores);
    }

    public BufferedImage mask() {
        try {
            return ImageIO.read(new ByteArrayInputStream(maskPng));
        } catch (IOException e) {
            throw new UncheckedIOException("mask.png does not decode", e);
        }
    }

    /** Row-major: which grid cells have a score. */
    public boolean[] scoredCells() {
        JsonNode values = scores.path("scores");
        boolean[] scored = new boolean[values.size()];
        for (int i = 0; i < scored.length; i++) {
            scored[i] = !values.get(i).isNull();
        }
        return scored;
    }

    /** Level-0 edge of one grid cell (need not be a whole number of pixels). */
    public double cellSize() {
        return status.path("grid").path("cellSize").asDouble();
    }
}
