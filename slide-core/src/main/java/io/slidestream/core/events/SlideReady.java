package io.slidestream.core.events;

import java.time.Instant;

/**
 * A slide file is ready to be analysed. Scanners publish it on {@link Topics#SLIDE_READY}; the tiler's
 * {@code POST /api/slides} publishes the same event, so both ways in take one path.
 *
 * @param slideId     id chosen by the sender; when blank the tiler derives one from the path
 * @param path        absolute path of the slide file as the tiler sees it
 * @param source      who sent it (scanner name, "rest"), for the audit trail
 * @param submittedAt when it was sent
 */
public record SlideReady(int schemaVersion, String slideId, String path, String source, Instant submittedAt) {

    public static SlideReady of(String slideId, String path, String source) {
        return new SlideReady(Contract.SCHEMA_VERSION, slideId, path, source, Instant.now());
    }
}
