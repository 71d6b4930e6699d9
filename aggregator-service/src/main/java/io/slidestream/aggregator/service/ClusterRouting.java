package io.slidestream.aggregator.service;

import com.fasterxml.jackson.core.type.TypeReference;
import io.slidestream.aggregator.streams.AggregatorStreams;
import io.slidestream.core.events.EventJson;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Any instance answers for any slide: a question about a slide another instance holds is passed to it, as
 * it came (with the caller's Authorization), and its answer returned unchanged. A passed-on request is
 * marked, so it is answered where it lands and never passed on again.
 */
@ApplicationScoped
public class ClusterRouting {
    public static final String FORWARDED = "X-SlideStream-Forwarded";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final AggregatorStreams streams;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ClusterRouting(AggregatorStreams streams) {
        this.streams = streams;
    }

    /** Answers here when this instance holds the slide, else asks the one that does. */
    public Uni<Response> forSlide(String slideId, String pathAndQuery, HttpHeaders headers, Supplier<Response> local) {
        return Uni.createFrom().item(() -> {
                    if (headers.getHeaderString(FORWARDED) != null) {
                        return null;
                    }
                    return streams.ownerOf(slideId) instanceof AggregatorStreams.Remote remote ? remote.baseUrl() : null;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(owner -> owner == null
                        ? Uni.createFrom().item(local).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        : forward(owner, pathAndQuery, headers));
    }

    /** Every instance's slides, merged and ordered. */
    public Uni<List<SlideSummary>> allSlides(String pathAndQuery, HttpHeaders headers, Supplier<List<SlideSummary>> local) {
        return Uni.createFrom().item(() -> {
            List<SlideSummary> all = new ArrayList<>(local.get());
            if (headers.getHeaderString(FORWARDED) == null) {
                for (URI other : streams.otherInstances()) {
                    all.addAll(fetchList(other, pathAndQuery, headers));
                }
            }
            all.sort(SlideQueries.NEWEST_FIRST);
            return (List<SlideSummary>) all;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Uni<Response> forward(URI owner, String pathAndQuery, HttpHeaders headers) {
        return Uni.createFrom().completionStage(() -> http.sendAsync(request(owner, pathAndQuery, headers),
                        HttpResponse.BodyHandlers.ofByteArray()))
                .map(answer -> {
                    Response.ResponseBuilder response = Response.status(answer.statusCode()).entity(answer.body());
                    answer.headers().firstValue(HttpHeaders.CONTENT_TYPE).ifPresent(type -> response.type(type));
                    answer.headers().firstValue(HttpHeaders.CONTENT_DISPOSITION)
                            .ifPresent(value -> response.header(HttpHeaders.CONTENT_DISPOSITION, value));
                    return response.build();
                })
                .onFailure(IOException.class).transform(e -> new InstanceUnreachableException(owner, e));
    }

    private List<SlideSummary> fetchList(URI other, String pathAndQuery, HttpHeaders headers) {
        try {
            HttpResponse<String> answer = http.send(request(other, pathAndQuery, headers), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new InstanceUnreachableException(other, new IOException("answered " + answer.statusCode()));
            }
            return EventJson.mapper().readValue(answer.body(), new TypeReference<List<SlideSummary>>() {
            });
        } catch (IOException e) {
            throw new InstanceUnreachableException(other, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstanceUnreachableException(other, new IOException("interrupted"));
        }
    }

    private static HttpRequest request(URI base, String pathAndQuery, HttpHeaders headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(TIMEOUT).GET()
                .header(FORWARDED, "true");
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        return request.build();
    }

    /** The instance that holds a slide did not answer. */
    public static class InstanceUnreachableException extends RuntimeException {
        InstanceUnreachableException(URI instance, IOException cause) {
            super("the aggregator instance at " + instance + " that holds this slide did not answer: " + cause.getMessage(), cause);
        }
    }
}
