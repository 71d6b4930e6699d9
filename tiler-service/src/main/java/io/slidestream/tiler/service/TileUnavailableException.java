package io.slidestream.tiler.service;

/**
 * A known slide's pixels could not be read (file gone, unreadable, reader crashed or timed out): answered
 * 502. The message names the slide by reference, never by host path.
 */
public class TileUnavailableException extends RuntimeException {
    public TileUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
