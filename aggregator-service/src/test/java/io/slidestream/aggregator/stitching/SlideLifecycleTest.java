package io.slidestream.aggregator.stitching;

import io.slidestream.core.events.SlideState;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlideLifecycleTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void a_new_slide_is_queued_from_when_it_was_first_seen() {
        SlideLifecycle lifecycle = new SlideLifecycle(T0);

        assertEquals(SlideState.QUEUED, lifecycle.state());
        assertEquals(T0, lifecycle.reachedAt(SlideState.QUEUED));
    }

    @Test
    void states_move_forward_and_skipped_states_have_no_time() {
        SlideLifecycle lifecycle = new SlideLifecycle(T0);

        assertTrue(lifecycle.advance(SlideState.SCORING, T0.plusSeconds(5), null));
        assertFalse(lifecycle.advance(SlideState.TILING, T0.plusSeconds(6), null));

        assertEquals(SlideState.SCORING, lifecycle.state());
        assertEquals(T0.plusSeconds(5), lifecycle.reachedAt(SlideState.SCORING));
        assertNull(lifecycle.reachedAt(SlideState.TILING));
    }

    @Test
    void a_state_stamped_before_the_latest_timing_takes_that_timing() {
        SlideLifecycle lifecycle = new SlideLifecycle(T0);

        lifecycle.advance(SlideState.SCORING, T0.minusSeconds(10), null);
        lifecycle.advance(SlideState.COMPLETE, T0.minusSeconds(5), null);

        assertEquals(T0, lifecycle.reachedAt(SlideState.SCORING));
        assertEquals(T0, lifecycle.reachedAt(SlideState.COMPLETE));
    }

    @Test
    void failed_keeps_its_reason_and_nothing_moves_it() {
        SlideLifecycle lifecycle = new SlideLifecycle(T0);
        lifecycle.advance(SlideState.TILING, T0.plusSeconds(1), null);

        assertTrue(lifecycle.advance(SlideState.FAILED, T0.plusSeconds(2), "slide x: truncated file"));
        assertFalse(lifecycle.advance(SlideState.COMPLETE, T0.plusSeconds(3), null));
        assertFalse(lifecycle.advance(SlideState.FAILED, T0.plusSeconds(4), "another reason"));

        assertEquals(SlideState.FAILED, lifecycle.state());
        assertEquals("slide x: truncated file", lifecycle.reason());
        assertEquals(T0.plusSeconds(2), lifecycle.reachedAt(SlideState.FAILED));
        assertNull(lifecycle.reachedAt(SlideState.COMPLETE));
    }

    @Test
    void a_complete_slide_does_not_fail_afterwards() {
        SlideLifecycle lifecycle = new SlideLifecycle(T0);
        lifecycle.advance(SlideState.COMPLETE, T0.plusSeconds(1), null);

        assertFalse(lifecycle.advance(SlideState.FAILED, T0.plusSeconds(2), "late"));

        assertEquals(SlideState.COMPLETE, lifecycle.state());
        assertNull(lifecycle.reason());
    }
}
