package io.slidestream.aggregator.security;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.slidestream.aggregator.rest.ApiError;
import io.slidestream.core.security.ApiKeys;
import io.smallrye.mutiny.Uni;
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
 * {@code Authorization: Bearer <key>} and answers 401 without a right one (SSE streams included: the
 * dashboard reads them with fetch, which can send the header). With OIDC on ({@code quarkus.oidc.tenant-enabled},
 * the hospital's identity provider), a bearer token that is not an API key must be a valid token of that
 * provider; people sign in there, services keep their keys. Health, metrics, {@code /} and the dashboard's
 * static files stay open (Vert.x serves those; this filter sees REST endpoints only), so the dashboard can
 * load and then ask for a key. Off when neither is configured. Keys and tokens are never logged.
 */
public class ApiKeyFilter {
    private static final Logger LOG = Logger.getLogger(ApiKeyFilter.class);

    private final ApiKeys keys;
    private final boolean oidc;
    private final CurrentIdentityAssociation identities;

    public ApiKeyFilter(@ConfigProperty(name = "slidestream.security.api-keys") Optional<String> keys,
                        @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "false") boolean oidc,
                        CurrentIdentityAssociation identities) {
        this.keys = ApiKeys.parse(keys);
        this.oidc = oidc;
        this.identities = identities;
        LOG.infof("API access control: %s%s", this.keys.enabled() ? "on, " + this.keys.count() + " key(s)" : "off",
                oidc ? "; OIDC bearer tokens accepted" : "");
    }

    @ServerRequestFilter
    public Uni<Response> check(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (!oidc) {
            return Uni.createFrom().item(keys.refusal(path, authorization).map(ApiKeyFilter::unauthorized).orElse(null));
        }
        if (ApiKeys.openPath(path) || (keys.enabled() && keys.accepts(authorization))) {
            return Uni.createFrom().nullItem();
        }
        // Not an API key: the OIDC mechanism checks the bearer token now (authentication is not proactive).
        return identities.getDeferredIdentity().onItemOrFailure().transform((identity, failure) ->
                failure == null && identity != null && !identity.isAnonymous() ? null
                        : unauthorized(authorization == null
                        ? "sign in (an OIDC bearer token) or send an API key: Authorization: Bearer <token or key>"
                        : "the bearer token is neither a valid OIDC token nor an API key"));
    }

    private static Response unauthorized(String reason) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(reason))
                .build();
    }
}
