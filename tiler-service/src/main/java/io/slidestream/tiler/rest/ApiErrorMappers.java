package io.slidestream.tiler.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.slidestream.tiler.service.SlideNotViewableException;
import io.slidestream.tiler.service.SlideRejectedException;
import io.slidestream.tiler.service.TileUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Every error answers JSON {@code {"error": "..."}}: refused slides, bodies that are not JSON or have
 * fields of the wrong type, unknown paths and methods, and anything unexpected (500, details only in the
 * log).
 */
public class ApiErrorMappers {
    private static final Logger LOG = Logger.getLogger(ApiErrorMappers.class);

    @ServerExceptionMapper
    public Response refused(SlideRejectedException e) {
        return answer(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response notViewable(SlideNotViewableException e) {
        return answer(Response.Status.NOT_FOUND, e.getMessage());
    }

    /** The slide's pixels could not be read: the reason names it by reference; the log has the details. */
    @ServerExceptionMapper
    public Response tileUnavailable(TileUnavailableException e) {
        return answer(Response.Status.BAD_GATEWAY, e.getMessage());
    }

    @ServerExceptionMapper
    public Response badRequest(BadRequestProblem e) {
        return answer(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unreadableBody(JsonProcessingException e) {
        return answer(Response.Status.BAD_REQUEST, describe(e));
    }

    /** More specific than Quarkus's own mapper for this type, which answers without a reason. */
    @ServerExceptionMapper
    public Response wrongType(MismatchedInputException e) {
        return answer(Response.Status.BAD_REQUEST, describe(e));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return unreadableBody(json);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        String reason = switch (status) {
            case 400 -> "the body is not valid JSON";
            case 404 -> "not found";
            case 405 -> "method not allowed here";
            case 406 -> "this endpoint answers application/json";
            case 415 -> "send the body as JSON (Content-Type: application/json)";
            default -> e.getMessage();
        };
        return answer(Response.Status.fromStatusCode(status), reason);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("request failed", e);
        return answer(Response.Status.INTERNAL_SERVER_ERROR, "internal error; the tiler's log has the details");
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            String allowed = Arrays.stream(invalid.getTargetType().getEnumConstants())
                    .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(", "));
            return field(invalid) + "must be one of " + allowed + ", got " + invalid.getValue();
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return field(mapping) + "has the wrong type: " + e.getOriginalMessage();
        }
        return "the body is not valid JSON: " + e.getOriginalMessage();
    }

    private static String field(JsonMappingException e) {
        return e.getPath().isEmpty() ? "" : "\"" + e.getPath().getLast().getFieldName() + "\" ";
    }

    private static Response answer(Response.Status status, String reason) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(reason)).build();
    }
}
