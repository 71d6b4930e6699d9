package io.slidestream.aggregator.rest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.slidestream.kafka.KafkaTestResource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The tile proxy against a stand-in tiler: a JDK HTTP server that wants the aggregator's tiler key. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TileProxyResourceTest.FakeTiler.class)
class TileProxyResourceTest {
    static final String TILER_KEY = "aggregator-to-tiler";
    static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 1, 2, 3, (byte) 0xff, (byte) 0xd9};

    /** The tiler, as far as the aggregator can tell. */
    public static class FakeTiler implements QuarkusTestResourceLifecycleManager {
        private HttpServer server;

        @Override
        public Map<String, String> start() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", FakeTiler::answer);
            server.start();
            return Map.of("slidestream.aggregator.tiler-url", "http://127.0.0.1:" + server.getAddress().getPort(),
                    "slidestream.aggregator.tiler-api-key", TILER_KEY);
        }

        @Override
        public void stop() {
            server.stop(0);
        }

        private static void answer(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getPath();
            if (!("Bearer " + TILER_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "application/json", "{\"error\":\"an API key is required\"}");
            } else if (path.equals("/api/slides/s1/tiles/info")) {
                exchange.getResponseHeaders().add("Cache-Control", "private, max-age=300");
                send(exchange, 200, "application/json",
                        "{\"width\":3000,\"height\":2200,\"tileSize\":254,\"overlap\":1,\"maxLevel\":12,\"mpp\":0.5}");
            } else if (path.equals("/api/slides/s1/tiles/12/3_4.jpeg")) {
                exchange.getResponseHeaders().add("Cache-Control", "private, max-age=86400");
                exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
                exchange.sendResponseHeaders(200, JPEG.length);
                exchange.getResponseBody().write(JPEG);
                exchange.close();
            } else if (path.equals("/api/slides/broken/tiles/0/0_0.jpeg")) {
                send(exchange, 502, "application/json", "{\"error\":\"slide broken.tiff: not a slide\"}");
            } else if (path.startsWith("/api/slides/hangs-up/")) {
                exchange.close(); // no answer at all, as a tiler that went away
            } else {
                send(exchange, 404, "application/json", "{\"error\":\"no slide here: " + path + "\"}");
            }
        }

        private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }
    }

    @Test
    void infoAndTilesComeFromTheTilerWithItsKeyAndCachingHeaders() {
        given().when().get("/api/slides/s1/tiles/info")
                .then().statusCode(200).contentType(ContentType.JSON)
                .header("Cache-Control", "private, max-age=300")
                .body("width", is(3000)).body("maxLevel", is(12)).body("mpp", is(0.5f));
        byte[] tile = given().when().get("/api/slides/s1/tiles/12/3_4.jpeg")
                .then().statusCode(200).contentType("image/jpeg")
                .header("Cache-Control", "private, max-age=86400")
                .extract().asByteArray();
        assertArrayEquals(JPEG, tile);
    }

    @Test
    void theTilersErrorsPassThrough() {
        given().when().get("/api/slides/unknown/tiles/info")
                .then().statusCode(404).contentType(ContentType.JSON).body("error", containsString("no slide here"));
        given().when().get("/api/slides/s1/tiles/13/0_0.jpeg")
                .then().statusCode(404).contentType(ContentType.JSON);
        given().when().get("/api/slides/broken/tiles/0/0_0.jpeg")
                .then().statusCode(502).contentType(ContentType.JSON).body("error", is("slide broken.tiff: not a slide"));
    }

    @Test
    void aTilerThatDoesNotAnswerIs502() {
        given().when().get("/api/slides/hangs-up/tiles/info")
                .then().statusCode(502).contentType(ContentType.JSON)
                .body("error", containsString("tiler"))
                .body("error", not(containsString("127.0.0.1")));
    }

    @Test
    void tilePathsThatAreNotNumbersOrSlideIdsThatAreNotIdsGoNowhere() {
        given().when().get("/api/slides/s1/tiles/label.jpeg").then().statusCode(404);
        given().when().get("/api/slides/s1/tiles/x/0_0.jpeg").then().statusCode(404);
        given().when().get("/api/slides/.hidden/tiles/info").then().statusCode(404).contentType(ContentType.JSON);
    }
}
