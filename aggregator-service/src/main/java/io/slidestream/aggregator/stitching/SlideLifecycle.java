package io.slidestream.aggregator.stitching;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.slidestream.core.events.SlideState;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where one slide is, and when it first got to each state. States only move forward
 * (QUEUED, TILING, SCORING, COMPLETE); FAILED can be reached from any state that is not final, and a final
 * state (COMPLETE, FAILED) never changes: events from different topics arrive in any order, and a late or
 * redelivered event must not undo what is already known. Timings never go backwards either: a state reached
 * through an event stamped before the latest timing (another service's clock, a later-read topic) takes
 * that timing. Stored as JSON with its slide (fields only).
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public final class SlideLifecycle {
    private SlideState state;
    private String reason;
    private Map<SlideState, Instant> reachedAt = new EnumMap<>(SlideState.class);
    private Instant latest;

    /** For JSON. */
    private SlideLifecycle() {
    }

    /** A slide the aggregator has just heard of: QUEUED since {@code at}. */
    public SlideLifecycle(Instant at) {
        state = SlideState.QUEUED;
        reachedAt.put(SlideState.QUEUED, at);
        latest = at;
    }

    /**
     * Moves to {@code target} if the rules allow it.
     *
     * @param reason kept when {@code target} is FAILED
     * @return whether the state changed
     */
    public boolean advance(SlideState target, Instant at, String reason) {
        if (state.isFinal() || (target != SlideState.FAILED && target.ordinal() <= state.ordinal())) {
            return false;
        }
        state = target;
        latest = at.isAfter(latest) ? at : latest;
        reachedAt.putIfAbsent(target, latest);
        if (target == SlideState.FAILED) {
            this.reason = reason;
        }
        return true;
    }

    public SlideState state() {
        return state;
    }

    /** Why it failed; null unless FAILED. */
    public String reason() {
        return reason;
    }

    /** When the slide first reached {@code s}; null if it never did (states can be skipped). */
    public Instant reachedAt(SlideState s) {
        return reachedAt.get(s);
    }
}
