package io.slidestream.aggregator.rest;

import io.slidestream.aggregator.service.ClusterRouting.InstanceUnreachableException;
import io.slidestream.aggregator.service.SlideNotFinishedException;
import io.slidestream.aggregator.service.SlideNotFoundException;
import io.slidestream.aggregator.service.SlideOutputs;
import io.slidestream.aggregator.service.UnsupportedScaleException;
import io.slidestream.aggregator.streams.AggregatorStreams.NotReadyException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Service exceptions as JSON errors, also on the file endpoints. */
public class ApiErrorMappers {

    @ServerExceptionMapper
    public RestResponse<ApiError> notFound(SlideNotFoundException e) {
        return error(Response.Status.NOT_FOUND, e);
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> noSuchOutput(SlideOutputs.NoSuchOutputException e) {
        return error(Response.Status.NOT_FOUND, e);
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> notFinished(SlideNotFinishedException e) {
        return error(Response.Status.CONFLICT, e);
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> badScale(UnsupportedScaleException e) {
        return error(Response.Status.BAD_REQUEST, e);
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> notReady(NotReadyException e) {
        return RestResponse.ResponseBuilder.create(Response.Status.SERVICE_UNAVAILABLE, new ApiError(e.getMessage()))
                .type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", "2").build();
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> unreachable(InstanceUnreachableException e) {
        return error(Response.Status.BAD_GATEWAY, e);
    }

    private static RestResponse<ApiError> error(Response.Status status, RuntimeException e) {
        return RestResponse.ResponseBuilder.create(status, new ApiError(e.getMessage()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
