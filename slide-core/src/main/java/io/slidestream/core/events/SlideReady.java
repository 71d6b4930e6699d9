package io.slidestream.core.events;

import java.time.Instant;

/**
 * A slide file is ready to be analysed. Scanners publish it on {@link Topics#SLIDE_READY}; the tiler's
 * {@code POST /api/slides} publishes the same event, so both ways in take one path.
 *
 * @param slideId     id chosen by the sender; when blank the tiler derives a stable one from the file and
 *                    the profile
 * @param path        absolute path of the slide file as the tiler sees it, inside its slide roots
 * @param source      who sent it (scanner name, "rest"), for the audit trail
 * @param submittedAt when it was sent
 * @param profile     analysis profile by name; blank for the deployed model's own
 * @param priority    urgent or routine (missing: routine)
 * @param mpp         level-0 microns per pixel when the file does not say (plain images must have it); null
 *                    to let the tiler decide
 * @param force       analyse again even if this file and profile were analysed before
 */
public record SlideReady(int schemaVersion, String slideId, String path, String source, Instant submittedAt,
                         String profile, Priority priority, Double mpp, boolean force) {

    public static SlideReady of(String slideId, String path, String source) {
        return new SlideReady(Contract.SCHEMA_VERSION, slideId, path, source, Instant.now(), null, Priority.ROUTINE,
                null, false);
    }

    public SlideReady withId(String newId) {
        return new SlideReady(schemaVersion, newId, path, source, submittedAt, profile, priority, mpp, force);
    }
}
