package io.slidestream.core.events.serde;

import io.slidestream.core.events.EventJson;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;

/**
 * Writes any event of {@code io.slidestream.core.events} as UTF-8 JSON ({@link EventJson}). A String is
 * taken as JSON already and written unchanged (a dead-lettered record keeps its bytes).
 */
public class EventSerializer implements Serializer<Object> {
    @Override
    public byte[] serialize(String topic, Object event) {
        if (event == null) {
            return null;
        }
        String json = event instanceof String raw ? raw : EventJson.write(event);
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
