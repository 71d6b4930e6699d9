package io.slidestream.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.ScoreBatch.PatchScore;
import io.slidestream.kafka.KafkaTestResource;
import io.slidestream.kafka.TopicProbe;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static io.restassured.RestAssured.get;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Server-sent events: what a dashboard following one slide, or all of them, sees. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class LiveProgressTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @TestHTTPResource("/")
    URL base;

    private TopicProbe probe;
    private EventProducer events;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void connect() {
        probe = new TopicProbe(bootstrapServers);
        events = new EventProducer(probe);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> get("/q/health/ready").then().statusCode(200));
    }

    @AfterEach
    void disconnect() {
        probe.close();
    }

    @Test
    void a_slide_followed_live_shows_throttled_progress_then_completion_with_its_verdict() throws Exception {
        String slide = "slide-" + UUID.randomUUID();
        List<JsonNode> seen = follow("api/slides/" + slide + "/events");
        List<JsonNode> everything = follow("api/events");
        Thread.sleep(500); // both streams subscribed to the progress topic

        int batches = 40;
        events.manifest(slide, batches, 1, batches);
        for (int i = 0; i < batches; i++) {
            events.scores(slide, i, new PatchScore(i, 0, i == 7 ? 0.9f : 0.1f));
        }

        await().atMost(PATIENCE).until(() -> !seen.isEmpty() && "COMPLETE".equals(seen.getLast().path("state").asText()));
        JsonNode last = seen.getLast();
        assertEquals(batches, last.path("patchesScored").asInt());
        assertEquals(1.0, last.path("progress").asDouble());
        assertEquals("ITC", last.path("verdict").path("category").asText());
        assertTrue(seen.stream().allMatch(event -> slide.equals(event.path("slideId").asText())), "only this slide");
        assertTrue(seen.stream().anyMatch(event -> "SCORING".equals(event.path("state").asText())), "scoring was seen");
        assertTrue(seen.size() < batches, "progress is throttled: " + seen.size() + " events for " + batches + " batches");
        await().atMost(PATIENCE).until(() -> everything.stream().anyMatch(event -> slide.equals(event.path("slideId").asText())
                && "COMPLETE".equals(event.path("state").asText())));
    }

    @Test
    void a_stream_opened_late_starts_with_the_slide_as_it_is() throws Exception {
        String slide = "slide-" + UUID.randomUUID();
        events.manifest(slide, 2, 1, 2);
        events.scores(slide, 0, new PatchScore(0, 0, 0.2f));
        await().atMost(PATIENCE).untilAsserted(() -> get("/api/slides/{id}", slide).then().body("patchesScored", is(1)));

        List<JsonNode> seen = follow("api/slides/" + slide + "/events");
        await().atMost(PATIENCE).until(() -> !seen.isEmpty());
        assertEquals("SCORING", seen.getFirst().path("state").asText());
        assertEquals(0.5, seen.getFirst().path("progress").asDouble());
    }

    /** Opens an event stream; its events' JSON are added to the returned list as they come. */
    private List<JsonNode> follow(String path) throws IOException {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/event-stream").build();
        CompletableFuture<HttpResponse<Stream<String>>> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(answer -> {
            if (answer.statusCode() != 200 || !answer.headers().firstValue("content-type").orElse("").startsWith("text/event-stream")) {
                received.add(EventJson.mapper().createObjectNode().put("error", "answered " + answer.statusCode() + " "
                        + answer.headers().firstValue("content-type").orElse("")));
                return;
            }
            answer.body().filter(line -> line.startsWith("data:")).forEach(line -> {
                try {
                    received.add(EventJson.mapper().readTree(line.substring("data:".length())));
                } catch (IOException e) {
                    throw new IllegalStateException("not JSON: " + line, e);
                }
            });
        });
        return received;
    }
}
