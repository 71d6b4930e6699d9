package io.slidestream.inference.pipeline;

/** Hears of each read and each model call, for metrics; called on the reader and worker threads. */
public interface PipelineObserver {
    PipelineObserver NONE = new PipelineObserver() {
    };

    /** A patch batch was read: {@code patches} cells in {@code nanos}. */
    default void read(int patches, long nanos) {
    }

    /** A model call on {@code device} scored {@code patches} patches in {@code nanos}. */
    default void modelBatch(String device, int patches, long nanos) {
    }
}
