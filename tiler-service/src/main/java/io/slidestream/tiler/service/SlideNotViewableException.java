package io.slidestream.tiler.service;

/** No such slide, level or tile to view (answered 404); the message is fit for the client. */
public class SlideNotViewableException extends RuntimeException {
    public SlideNotViewableException(String message) {
        super(message);
    }
}
