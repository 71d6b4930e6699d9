package io.slidestream.inference.service;

/** A well-formed batch this worker must not score (planned for another model); the message says why. */
public class BatchRefusedException extends RuntimeException {
    public BatchRefusedException(String message) {
        super(message);
    }
}
