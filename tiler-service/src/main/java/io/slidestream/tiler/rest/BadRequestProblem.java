package io.slidestream.tiler.rest;

/** A request that cannot be taken as it is; answered 400 with the message. */
public class BadRequestProblem extends RuntimeException {
    public BadRequestProblem(String message) {
        super(message);
    }
}
