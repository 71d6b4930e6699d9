package io.slidestream.core.events.serde;

import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.events.SlideReady;
import io.slidestream.core.events.SlideStatus;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import java.nio.charset.StandardCharsets;

/**
 * Reads one event type from UTF-8 JSON. A record that is not valid JSON of that type raises a
 * {@link SerializationException} naming the topic, so the consumer's failure strategy (dead-letter
 * queue) takes it and the next record is processed. Kafka configuration names the concrete subclasses,
 * e.g. {@code value.deserializer=io.slidestream.core.events.serde.EventDeserializer$ForPatchBatch}.
 */
public abstract class EventDeserializer<T> implements Deserializer<T> {
    private final Class<T> type;

    protected EventDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return EventJson.read(new String(data, StandardCharsets.UTF_8), type);
        } catch (RuntimeException e) {
            throw new SerializationException("topic " + topic + ": " + e.getMessage(), e);
        }
    }

    public static class ForSlideReady extends EventDeserializer<SlideReady> {
        public ForSlideReady() {
            super(SlideReady.class);
        }
    }

    public static class ForSlideManifest extends EventDeserializer<SlideManifest> {
        public ForSlideManifest() {
            super(SlideManifest.class);
        }
    }

    public static class ForPatchBatch extends EventDeserializer<PatchBatch> {
        public ForPatchBatch() {
            super(PatchBatch.class);
        }
    }

    public static class ForScoreBatch extends EventDeserializer<ScoreBatch> {
        public ForScoreBatch() {
            super(ScoreBatch.class);
        }
    }

    public static class ForSlideStatus extends EventDeserializer<SlideStatus> {
        public ForSlideStatus() {
            super(SlideStatus.class);
        }
    }
}
