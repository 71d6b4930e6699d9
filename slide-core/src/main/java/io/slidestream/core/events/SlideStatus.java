package io.slidestream.core.events;

import java.time.Instant;

/**
 * A lifecycle change of one slide, published on {@link Topics#SLIDE_STATUS}.
 *
 * @param state   the new state
 * @param reason  why it failed (names the slide and the cause); null unless FAILED
 * @param source  the service that published it
 */
public record SlideStatus(int schemaVersion, String slideId, SlideState state, String reason, String source,
                          Instant at) {

    public static SlideStatus of(String slideId, SlideState state, String source) {
        return new SlideStatus(Contract.SCHEMA_VERSION, slideId, state, null, source, Instant.now());
    }

    public static SlideStatus failed(String slideId, String reason, String source) {
        return new SlideStatus(Contract.SCHEMA_VERSION, slideId, SlideState.FAILED, reason, source, Instant.now());
    }
}
