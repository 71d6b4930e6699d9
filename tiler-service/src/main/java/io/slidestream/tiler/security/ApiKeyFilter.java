package io.slidestream.tiler.security;

import io.slidestream.core.security.ApiKeys;
import io.slidestream.tiler.rest.ApiError;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/**
 * Access control: with {@code slidestream.security.api-keys} set, every REST endpoint wants
 * {@code Authorization: Bearer <key>} and answers 401 without a right one. Health and metrics stay open
 * (they are not REST endpoints anyway). Off when no key is configured. Keys are never logged.
 */
public class ApiKeyFilter {
    private static final Logger LOG = Logger.getLogger(ApiKeyFilter.class);

    private final ApiKeys keys;

    public ApiKeyFilter(@ConfigProperty(name = "slidestream.security.api-keys") Optional<String> keys) {
        this.keys = ApiKeys.parse(keys);
        LOG.infof("API access control: %s", this.keys.enabled() ? "on, " + this.keys.count() + " key(s)" : "off");
    }

    @ServerRequestFilter
    public Optional<Response> check(ContainerRequestContext request) {
        return keys.refusal(request.getUriInfo().getPath(), request.getHeaderString(HttpHeaders.AUTHORIZATION))
                .map(reason -> Response.status(Response.Status.UNAUTHORIZED)
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                        .type(MediaType.APPLICATION_JSON)
                        .entity(new ApiError(reason))
                        .build());
    }
}
