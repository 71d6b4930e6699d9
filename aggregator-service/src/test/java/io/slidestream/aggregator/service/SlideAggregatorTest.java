package io.slidestream.aggregator.service;

import io.slidestream.aggregator.store.InMemorySlideStore;
import io.slidestream.core.events.Contract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.slidestream.aggregator.TestManifests;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.ScoreBatch.PatchScore;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.events.SlideState;
import io.slidestream.core.events.SlideStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The aggregator's rules on the in-memory store, without Kafka or HTTP. */
class SlideAggregatorTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final InMemorySlideStore store = new InMemorySlideStore();
    private final SlideAggregator aggregator = new SlideAggregator(store, new SimpleMeterRegistry());
    private final SlideQueries queries = new SlideQueries(store, () -> 0.5);

    @Test
    void timings_are_the_times_the_events_carry() {
        aggregator.onStatus(new SlideStatus(Contract.SCHEMA_VERSION, "s1", SlideState.TILING, null, "tiler", T0));
        aggregator.onManifest(manifest("s1", 2, 1, 2, T0.plusSeconds(9)));

        SlideDetail.Timings timings = queries.detail("s1").timings();
        assertEquals(T0, timings.queuedAt());
        assertEquals(T0, timings.tilingAt());
        assertEquals(T0.plusSeconds(9), timings.scoringAt());
    }

    @Test
    void a_slide_completes_no_earlier_than_it_was_first_seen() {
        aggregator.onScores(new ScoreBatch(Contract.SCHEMA_VERSION, "s1", 0, "m", List.of(new PatchScore(0, 0, 0.5f))));
        aggregator.onManifest(manifest("s1", 1, 1, 1, null));

        SlideDetail.Timings timings = queries.detail("s1").timings();
        assertEquals(SlideState.COMPLETE, queries.detail("s1").status());
        assertFalse(timings.completedAt().isBefore(timings.queuedAt()), timings.toString());
    }

    @Test
    void unusable_events_are_rejected_before_anything_changes() {
        assertThrows(IllegalArgumentException.class,
                () -> aggregator.onStatus(new SlideStatus(Contract.SCHEMA_VERSION, " ", SlideState.QUEUED, null, "x", T0)));
        assertThrows(IllegalArgumentException.class,
                () -> aggregator.onStatus(new SlideStatus(Contract.SCHEMA_VERSION, "s1", null, null, "x", T0)));
        assertThrows(IllegalArgumentException.class, () -> aggregator.onScores(new ScoreBatch(Contract.SCHEMA_VERSION,
                "s1", 0, "m", List.of(new PatchScore(0, 0, Float.NaN)))));
        assertThrows(IllegalArgumentException.class, () -> aggregator.onManifest(manifest("s1", 0, 4, 0, T0)));
        assertThrows(IllegalArgumentException.class, () -> aggregator.onManifest(manifest("s1", 8192, 4096, 1, T0)));
        assertThrows(IllegalArgumentException.class, () -> aggregator.onManifest(manifest("s1", 2, 2, 5, T0)));

        assertEquals(List.of(), queries.list());
    }

    private static SlideManifest manifest(String slideId, int cols, int rows, int patchCount, Instant createdAt) {
        return TestManifests.manifest(slideId, cols, rows, patchCount, createdAt);
    }
}
