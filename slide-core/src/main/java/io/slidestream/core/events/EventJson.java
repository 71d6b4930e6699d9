package io.slidestream.core.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;

/**
 * The JSON form of the events, for clients outside Quarkus (launcher, tests, scanners' adapters).
 * Same settings as Quarkus's default ObjectMapper: ISO-8601 instants, unknown fields ignored so that
 * older readers accept newer events.
 */
public final class EventJson {

    /** A record that is not the event its topic carries. */
    public static class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message) {
            super(message);
        }

        public MalformedEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EventJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(Object event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + event.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Parses one event. Services consume raw JSON strings and parse here, so that a malformed record
     * fails inside the consumer method and goes, as it came, to the channel's dead-letter topic.
     */
    public static <T> T read(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw new MalformedEventException("empty record where a " + type.getSimpleName() + " was expected");
        }
        try {
            T event = MAPPER.readValue(json, type);
            if (event == null) {
                throw new MalformedEventException("null where a " + type.getSimpleName() + " was expected");
            }
            return event;
        } catch (IOException e) {
            throw new MalformedEventException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
