package io.slidestream.aggregator;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.slidestream.kafka.KafkaTestResource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** With API keys configured, the REST API wants one; health, metrics and the dashboard stay open. */
@QuarkusTest
@TestProfile(ApiKeysTest.KeysOn.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class ApiKeysTest {
    static final String KEY = "aggregator-test-key";

    public static class KeysOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("slidestream.security.api-keys", KEY + ",second-key");
        }
    }

    @Test
    void everyDataEndpointWantsAKeyLiveStreamsTilesAndFilesIncluded() {
        for (String path : new String[] {"/api/events", "/api/slides/slide-x/events", "/api/slides/slide-x",
                "/api/slides/slide-x/verdict", "/api/slides/slide-x/mask.tiff", "/api/slides/slide-x/tiles/info",
                "/api/slides/slide-x/tiles/9/0_0.jpeg"}) {
            given().when().get(path).then().statusCode(401).contentType(ContentType.JSON);
        }
    }

    @Test
    void withoutOrWithAWrongKeyTheApiAnswers401() {
        given().when().get("/api/slides")
                .then().statusCode(401).header("WWW-Authenticate", "Bearer").contentType(ContentType.JSON)
                .body("error", notNullValue());
        for (String wrong : new String[] {"Bearer nope", "Bearer " + KEY + " ", "Bearer " + KEY.toUpperCase(), KEY}) {
            if (wrong.equals("Bearer " + KEY + " ")) {
                continue; // surrounding blanks are forgiven: not a wrong key
            }
            given().header("Authorization", wrong).when().get("/api/slides")
                    .then().statusCode(401).header("WWW-Authenticate", "Bearer").contentType(ContentType.JSON)
                    .body("error", not(containsString(KEY)));
        }
    }

    @Test
    void withAKeyTheApiAnswers() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(200));
        given().header("Authorization", "Bearer " + KEY).when().get("/api/slides").then().statusCode(200);
        given().header("Authorization", "Bearer second-key").when().get("/api/slides").then().statusCode(200);
    }

    @Test
    void healthMetricsAndTheDashboardNeedNoKey() {
        given().when().get("/q/health/live").then().statusCode(200);
        // Readiness waits for the stream processing to run; no key is asked for meanwhile either.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .untilAsserted(() -> given().when().get("/q/health").then().statusCode(200));
        given().when().get("/q/metrics").then().statusCode(200);
        assertNotEquals(401, given().when().get("/").statusCode());
    }
}
