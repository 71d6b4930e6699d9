package io.slidestream.inference;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.slidestream.core.events.Topics;
import io.slidestream.kafka.KafkaTestResource;
import io.slidestream.kafka.TopicProbe;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.get;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker whose model package cannot be loaded stays up, says why on readiness, and takes no patch batch:
 * the batches wait in Kafka for a worker with a usable model, instead of failing slides or a crash loop.
 */
@QuarkusTest
@TestProfile(MissingModelTest.NoModel.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class MissingModelTest {

    public static class NoModel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("slidestream.inference.model-dir", "target/no-such-model-package");
        }
    }

    @Test
    void readinessIsDownWithTheReasonAndNoBatchIsTaken() {
        get("/q/health/live").then().statusCode(200);
        get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'model' }.status", is("DOWN"))
                .body("checks.find { it.name == 'model' }.data.error", containsString("no-such-model-package"));

        String slideId = "slide-" + UUID.randomUUID();
        try (TopicProbe kafka = new TopicProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            kafka.send(Topics.PATCH_BATCHES, slideId, "{\"slideId\": \"" + slideId + "\", \"patches\": \"not even a batch\"}");
            Duration quiet = Duration.ofSeconds(5);
            assertTrue(kafka.read(Topics.SCORE_BATCHES, r -> slideId.equals(r.key()), 1, quiet).isEmpty(), "nothing scored");
            assertTrue(kafka.read(Topics.SLIDE_STATUS, r -> slideId.equals(r.key()), 1, quiet).isEmpty(), "no slide failed");
            assertTrue(kafka.read(Topics.deadLetter(Topics.PATCH_BATCHES), r -> slideId.equals(r.key()), 1, quiet).isEmpty(),
                    "not even a malformed batch is taken: it waits, unread, for a worker with a model");
        }
    }
}
