package io.slidestream.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.slidestream.core.events.EventJson;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** What a dashboard does over REST: submit a slide to the tiler, follow it on the aggregator. */
public final class SlideStreamClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final StackPorts ports;

    public SlideStreamClient(StackPorts ports) {
        this.ports = ports;
    }

    /** {@code POST /api/slides} on the tiler; returns the slide id (a new one, or the known slide's). */
    public String submit(String path) {
        return submit(path, null);
    }

    /**
     * {@code POST /api/slides {"path", "mpp"}} on the tiler ({@code mpp} for files that state no resolution,
     * null to leave it out); returns the slide id. A refusal (any answer but 200/202) is a
     * {@link SubmissionRefused} carrying the tiler's reason.
     */
    public String submit(String path, Double mpp) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("path", path);
        if (mpp != null) {
            request.put("mpp", mpp);
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(ports.tiler(), "/api/slides"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(EventJson.write(request))), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202 && response.statusCode() != 200) {
            throw new SubmissionRefused(response.statusCode(), errorOf(response.body()));
        }
        return json(response.body()).path("slideId").asText();
    }

    /** The tiler would not take a slide: its HTTP status and reason. */
    public static final class SubmissionRefused extends IllegalStateException {
        private final int status;

        SubmissionRefused(int status, String reason) {
            super("the tiler refused it (HTTP " + status + "): " + reason);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** The {@code error} of a JSON error body, else the body itself. */
    static String errorOf(String body) {
        try {
            JsonNode error = EventJson.mapper().readTree(body).path("error");
            if (error.isTextual()) {
                return error.asText();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: the body is the reason
        }
        if (body == null || body.isBlank() || body.stripLeading().startsWith("<")) {
            return "(no JSON reason)"; // nothing, or an HTML error page
        }
        String line = body.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** {@code GET /api/slides/{id}} on the aggregator; null while the aggregator has not heard of it. */
    public JsonNode status(String slideId) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(ports.aggregator(), "/api/slides/" + slideId)),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return null;
        }
        requireOk(response.statusCode(), slideId);
        return json(response.body());
    }

    /**
     * Polls until COMPLETE or FAILED (the summary's {@code state}), reporting each; fails after {@code timeout}.
     * An answer other than 200 or 404 (a 503 while the aggregator's partitions move) is asked again.
     */
    public JsonNode awaitFinal(String slideId, Duration timeout, Consumer<JsonNode> progress) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonNode status;
            try {
                status = status(slideId);
            } catch (IllegalStateException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("slide " + slideId + " not finished within " + timeout
                            + ": " + e.getMessage(), e);
                }
                ServiceProcess.sleep(500);
                continue;
            }
            if (status != null) {
                progress.accept(status);
                String state = SlideResult.stateOf(status);
                if (SlideResult.COMPLETE.equals(state) || SlideResult.FAILED.equals(state)) {
                    return status;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("slide " + slideId + " not finished within " + timeout
                        + "; last status: " + status);
            }
            ServiceProcess.sleep(500);
        }
    }

    /** An output of a completed slide from the aggregator, e.g. "heatmap.png?scale=4", "mask.png" or "scores.csv". */
    public byte[] output(String slideId, String name) {
        HttpResponse<byte[]> response = send(
                HttpRequest.newBuilder(uri(ports.aggregator(), "/api/slides/" + slideId + "/" + name)),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("aggregator answered HTTP " + response.statusCode() + " for " + name
                    + ": " + errorOf(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)));
        }
        return response.body();
    }

    /** {@code GET /api/slides/{id}/verdict}; null when the aggregator has none (404/409). */
    public JsonNode verdict(String slideId) {
        HttpResponse<String> response = send(
                HttpRequest.newBuilder(uri(ports.aggregator(), "/api/slides/" + slideId + "/verdict")),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404 || response.statusCode() == 409) {
            return null;
        }
        requireOk(response.statusCode(), slideId + "/verdict");
        return json(response.body());
    }

    private static void requireOk(int status, String what) {
        if (status != 200) {
            throw new IllegalStateException("aggregator answered HTTP " + status + " for " + what);
        }
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), handler);
        } catch (IOException e) {
            throw new IllegalStateException("HTTP request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static JsonNode json(String body) {
        try {
            return EventJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }
}
