package io.slidestream.aggregator.stitching;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.slidestream.core.events.EventJson;

/** The stored form of a {@link SlideRecord}. */
public final class SlideRecordJson {
    private SlideRecordJson() {
    }

    public static String write(SlideRecord slide) {
        return EventJson.write(slide);
    }

    public static SlideRecord read(String json) {
        if (json == null) {
            return null;
        }
        try {
            return EventJson.mapper().readValue(json, SlideRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored slide record is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
