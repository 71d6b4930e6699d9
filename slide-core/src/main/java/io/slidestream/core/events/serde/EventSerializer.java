package io.slidestream.core.events.serde;

import io.slidestream.core.events.EventJson;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;

/** Writes any event of {@code io.slidestream.core.events} as UTF-8 JSON ({@link EventJson}). */
public class EventSerializer implements Serializer<Object> {
    @Override
    public byte[] serialize(String topic, Object event) {
        return event == null ? null : EventJson.write(event).getBytes(StandardCharsets.UTF_8);
    }
}
