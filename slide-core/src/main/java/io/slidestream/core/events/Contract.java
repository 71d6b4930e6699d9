package io.slidestream.core.events;

/**
 * Version of the event contracts in this package. Every event carries it as {@code schemaVersion};
 * readers accept unknown fields, so adding a field keeps the version, and changing or removing one
 * raises it.
 */
public final class Contract {
    /** 2: physical-resolution grids, slide references instead of host paths, priorities. */
    public static final int SCHEMA_VERSION = 2;

    private Contract() {
    }
}
