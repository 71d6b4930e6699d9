package io.slidestream.aggregator.rest;

import jakarta.ws.rs.core.UriInfo;

/** Pieces of the request that is being answered. */
final class Requests {
    private Requests() {
    }

    /** The request's raw path and query, to pass it on to another instance unchanged. */
    static String pathAndQuery(UriInfo uri) {
        String query = uri.getRequestUri().getRawQuery();
        return uri.getRequestUri().getRawPath() + (query == null ? "" : "?" + query);
    }
}
