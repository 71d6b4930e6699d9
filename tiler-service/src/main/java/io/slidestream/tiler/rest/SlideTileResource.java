package io.slidestream.tiler.rest;

import io.slidestream.tiler.service.SlideTiles;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * DeepZoom tiles of a slide's main pyramid for the dashboard's viewer (OpenSeadragon): the geometry, and
 * tile by tile as JPEG. Tiles of a slide id never change, so browsers may keep them (privately: the API may
 * need a key).
 */
@Path("/api/slides/{slideId}/tiles")
public class SlideTileResource {
    static final String JPEG = "image/jpeg";

    private final SlideTiles tiles;

    public SlideTileResource(SlideTiles tiles) {
        this.tiles = tiles;
    }

    @GET
    @Path("info")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "DeepZoom geometry of the slide's level 0")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SlideTiles.Info.class)))
    @APIResponse(responseCode = "404", description = "no slide of this id was tiled here",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response info(@PathParam("slideId") String slideId) {
        return Response.ok(tiles.info(slideId)).cacheControl(maxAge(300)).build();
    }

    @GET
    @Path("{level: \\d+}/{col: \\d+}_{row: \\d+}.jpeg")
    @Produces({JPEG, MediaType.APPLICATION_JSON})
    @Blocking
    @Operation(summary = "One DeepZoom tile (254 px, 1 px overlap)")
    @APIResponse(responseCode = "200", content = @Content(mediaType = JPEG))
    @APIResponse(responseCode = "404", description = "no such slide, level or tile",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "502", description = "the slide's pixels could not be read",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response tile(@PathParam("slideId") String slideId, @PathParam("level") String level,
                         @PathParam("col") String col, @PathParam("row") String row) {
        byte[] jpeg = tiles.tile(slideId, number(level, "level"), number(col, "col"), number(row, "row"));
        return Response.ok(jpeg, JPEG).cacheControl(maxAge(86400)).build();
    }

    private static int number(String text, String what) {
        try {
            int value = Integer.parseInt(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new BadRequestProblem(what + " must be a whole number >= 0");
    }

    private static CacheControl maxAge(int seconds) {
        CacheControl cache = new CacheControl();
        cache.setPrivate(true);
        cache.setMaxAge(seconds);
        return cache;
    }
}
