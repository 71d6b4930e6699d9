package io.slidestream.tiler;

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
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/** With API keys configured, the REST API wants one; health stays open. */
@QuarkusTest
@TestProfile(ApiKeysTest.KeysOn.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestModelResource.class, scope = TestResourceScope.GLOBAL)
class ApiKeysTest {
    static final String KEY = "tiler-test-key-1";

    public static class KeysOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("slidestream.security.api-keys", "other-key, " + KEY);
        }
    }

    private static String boxes() {
        return "{\"path\":\"" + TestSlides.fixture("boxes.tiff") + "\",\"profile\":\"tiny\"}";
    }

    @Test
    void withoutOrWithAWrongKeyTheApiAnswers401() {
        for (String authorization : new String[] {null, "Bearer wrong", "Bearer " + KEY + "x", KEY, "Basic " + KEY}) {
            var request = given().contentType(ContentType.JSON).body(boxes());
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            request.when().post("/api/slides")
                    .then().statusCode(401)
                    .header("WWW-Authenticate", "Bearer")
                    .contentType(ContentType.JSON)
                    .body("error", notNullValue())
                    .body("error", not(containsString(KEY)));
            var tiles = given();
            if (authorization != null) {
                tiles.header("Authorization", authorization);
            }
            tiles.when().get("/api/slides/slide-0000000000000000/tiles/info").then().statusCode(401);
        }
    }

    @Test
    void withAKeyTheApiAnswers() {
        given().header("Authorization", "Bearer " + KEY).contentType(ContentType.JSON).body(boxes())
                .when().post("/api/slides")
                .then().statusCode(anyOf(is(200), is(202))).body("slideId", notNullValue());
        given().header("Authorization", "Bearer other-key")
                .when().get("/api/slides/slide-0000000000000000/tiles/info")
                .then().statusCode(404).contentType(ContentType.JSON);
    }

    @Test
    void healthAndMetricsNeedNoKey() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/health").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
    }
}
