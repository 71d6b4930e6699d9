package io.slidestream.core.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How soon a slide's result is needed. Urgent slides (a frozen section, a patient waiting) travel on
 * their own patch topic, which workers drain before the routine one.
 */
public enum Priority {
    @JsonProperty("urgent")
    URGENT,
    @JsonProperty("routine")
    ROUTINE;

    /** Missing means routine. */
    public static Priority orRoutine(Priority priority) {
        return priority == null ? ROUTINE : priority;
    }
}
