package io.slidestream.aggregator.rest;

import io.slidestream.aggregator.config.AggregatorConfig;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The slide viewer's DeepZoom tiles, from the tiler, which has the slides: {@code tiles/info} and
 * {@code tiles/{level}/{col}_{row}.jpeg} are forwarded as they are (status, JSON errors, caching headers
 * and body pass through), without blocking a thread. The tiler's own API key, if it wants one, is sent as a
 * bearer token; the client's key for this API is not passed on. A tiler that cannot be reached answers 502.
 */
@Path("/api/slides/{slideId}/tiles")
public class TileProxyResource {
    private static final Logger LOG = Logger.getLogger(TileProxyResource.class);
    /** Slide ids as the tiler makes and accepts them; anything else is no slide, and never goes into a URL. */
    private static final Pattern SLIDE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Longer than the tiler's own limit on one tile (30 s by default), so its answer comes through. */
    private static final Duration TIMEOUT = Duration.ofSeconds(40);

    private final URI tiler;
    private final Optional<String> tilerApiKey;
    private final HttpClient client;

    public TileProxyResource(AggregatorConfig config) {
        String tilerUrl = config.tilerUrl();
        Optional<String> tilerApiKey = config.tilerApiKey();
        this.tiler = URI.create(tilerUrl.endsWith("/") ? tilerUrl : tilerUrl + "/");
        this.tilerApiKey = tilerApiKey.map(String::strip).filter(k -> !k.isEmpty());
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @GET
    @Path("info")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "DeepZoom geometry of the slide's level 0 (from the tiler)")
    @APIResponse(responseCode = "200", description = "{width, height, tileSize, overlap, maxLevel, mpp}")
    @APIResponse(responseCode = "404", description = "the tiler knows no such slide",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "502", description = "the tiler cannot be reached",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<Response> info(@PathParam("slideId") String slideId) {
        return forward(slideId, "tiles/info");
    }

    @GET
    @Path("{level: \\d+}/{col: \\d+}_{row: \\d+}.jpeg")
    @Produces({"image/jpeg", MediaType.APPLICATION_JSON})
    @Operation(summary = "One DeepZoom tile, JPEG (from the tiler)")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "image/jpeg"))
    @APIResponse(responseCode = "404", description = "no such slide, level or tile",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "502", description = "the tiler cannot be reached or cannot read the slide",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<Response> tile(@PathParam("slideId") String slideId, @PathParam("level") String level,
                              @PathParam("col") String col, @PathParam("row") String row) {
        return forward(slideId, "tiles/" + level + "/" + col + "_" + row + ".jpeg");
    }

    private Uni<Response> forward(String slideId, String rest) {
        if (!SLIDE_ID.matcher(slideId).matches()) {
            return Uni.createFrom().item(error(Response.Status.NOT_FOUND, "no slide " + slideId));
        }
        // Digits and the characters of SLIDE_ID only: nothing to escape.
        HttpRequest.Builder request = HttpRequest.newBuilder(tiler.resolve("api/slides/" + slideId + "/" + rest))
                .timeout(TIMEOUT).GET();
        tilerApiKey.ifPresent(key -> request.header(HttpHeaders.AUTHORIZATION, "Bearer " + key));
        return Uni.createFrom().completionStage(() -> client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()))
                .map(TileProxyResource::passThrough)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("tiler at %s did not answer for slide %s: %s", tiler, slideId, failure.toString());
                    return error(Response.Status.BAD_GATEWAY, "the tiler cannot be reached; try again later");
                });
    }

    private static Response passThrough(HttpResponse<byte[]> answer) {
        Response.ResponseBuilder response = Response.status(answer.statusCode()).entity(answer.body());
        answer.headers().firstValue(HttpHeaders.CONTENT_TYPE).ifPresent(response::type);
        answer.headers().firstValue(HttpHeaders.CACHE_CONTROL).ifPresent(cache -> response.header(HttpHeaders.CACHE_CONTROL, cache));
        if (answer.statusCode() == 401) {
            // The tiler refused the aggregator's key: a fault of this deployment, not of the client's key.
            LOG.warn("the tiler answered 401: set slidestream.aggregator.tiler-api-key to one of its keys");
            return error(Response.Status.BAD_GATEWAY, "the tiler refused the aggregator's API key");
        }
        return response.build();
    }

    private static Response error(Response.Status status, String reason) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(reason)).build();
    }
}
