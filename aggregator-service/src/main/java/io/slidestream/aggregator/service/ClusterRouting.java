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
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    /** One slide as it is now, from whichever instance holds it; empty when the slide is not known. */
    public Uni<Optional<SlideSummary>> slideSummary(String slideId, HttpHeaders headers, Supplier<SlideSummary> local) {
        return Uni.createFrom().item(() -> {
            URI owner = headers.getHeaderString(FORWARDED) == null
                    && streams.ownerOf(slideId) instanceof AggregatorStreams.Remote remote ? remote.baseUrl() : null;
            try {
                return owner == null ? Optional.of(local.get()) : fetchSummary(owner, slideId, headers);
            } catch (SlideNotFoundException unknown) {
                return Optional.<SlideSummary>empty();
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
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
        return read(other, getJson(other, pathAndQuery, headers, 200), new TypeReference<List<SlideSummary>>() {
        });
    }

    /** The owner's detail of the slide read as a summary (the detail holds every summary field). */
    private Optional<SlideSummary> fetchSummary(URI owner, String slideId, HttpHeaders headers) {
        String path = "/api/slides/" + URLEncoder.encode(slideId, StandardCharsets.UTF_8).replace("+", "%20");
        HttpResponse<String> answer = getJson(owner, path, headers, 200, 404);
        return answer.statusCode() == 404 ? Optional.empty()
                : Optional.of(read(owner, answer, new TypeReference<SlideSummary>() {
                }));
    }

    /** A GET passed on to another instance; an answer with another status than {@code expected} is a failure. */
    private HttpResponse<String> getJson(URI base, String pathAndQuery, HttpHeaders headers, int... expected) {
        try {
            HttpResponse<String> answer = http.send(request(base, pathAndQuery, headers), HttpResponse.BodyHandlers.ofString());
            if (java.util.Arrays.stream(expected).noneMatch(status -> status == answer.statusCode())) {
                throw new InstanceUnreachableException(base, new IOException("answered " + answer.statusCode()));
            }
            return answer;
        } catch (IOException e) {
            throw new InstanceUnreachableException(base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstanceUnreachableException(base, new IOException("interrupted"));
        }
    }

    private static <T> T read(URI base, HttpResponse<String> answer, TypeReference<T> type) {
        try {
            return EventJson.mapper().readValue(answer.body(), type);
        } catch (IOException e) {
            throw new InstanceUnreachableException(base, e);
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
