package io.slidestream.tiler;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.events.Topics;
import io.slidestream.kafka.KafkaTestResource;
import io.slidestream.kafka.TopicProbe;
import io.slidestream.synth.SyntheticSlideSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A huge slide must not starve the slides submitted after it: with the workers' backlog capped, a small
 * slide submitted while a big one is being published gets all its batches out long before the big one's.
 * A stand-in worker (a consumer in the workers' group that commits each batch after a short "scoring"
 * pause) plays the inference service, which is outside this test.
 */
@QuarkusTest
@TestProfile(FairPublishingTest.SmallBacklog.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestModelResource.class, scope = TestResourceScope.GLOBAL)
class FairPublishingTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String WORKERS = "fairness-test-workers";

    /** One cell per batch, four batches waiting at most, one batch per slide per turn. */
    public static class SmallBacklog implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("slidestream.tiler.fairness.max-backlog", "4", "slidestream.tiler.fairness.quantum", "1",
                    "slidestream.tiler.fairness.worker-group", WORKERS, "slidestream.tiler.batch-edge", "1");
        }
    }

    private static TopicProbe kafka;
    private static final AtomicBoolean working = new AtomicBoolean(true);
    private static Thread worker;

    @BeforeAll
    static void startWorker() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        kafka = new TopicProbe(bootstrap);
        worker = Thread.ofPlatform().daemon().start(() -> work(bootstrap));
    }

    @AfterAll
    static void stopWorker() throws InterruptedException {
        working.set(false);
        worker.join(10_000);
        kafka.close();
    }

    /** Takes one batch at a time, "scores" it for 20 ms, commits it. */
    private static void work(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, WORKERS);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.PATCH_BATCHES));
            while (working.get()) {
                for (ConsumerRecord<String, String> ignored : consumer.poll(Duration.ofMillis(100))) {
                    Thread.sleep(20);
                }
                consumer.commitSync();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String submit(String path) {
        return given().contentType(ContentType.JSON).body("{\"path\":\"" + path + "\"}")
                .when().post("/api/slides").then().statusCode(202).extract().path("slideId");
    }

    @Test
    void smallSlideSubmittedAfterAHugeOneIsPublishedBeforeTheHugeOneIsDone() {
        String big = submit(TestSlides.generated("fair-big.tiff", SyntheticSlideSpec.forTests(6001)).toString());
        SlideManifest bigManifest = EventJson.read(kafka.readValues(Topics.SLIDE_MANIFESTS, big, 1, WAIT).getFirst(),
                SlideManifest.class);
        assertTrue(bigManifest.batchCount() > 300, bigManifest.batchCount() + " batches");

        String small = submit(TestSlides.generated("fair-small.tiff",
                SyntheticSlideSpec.of(6002, 1024, 1024).withTissueCoverage(0.5)).toString());
        SlideManifest smallManifest = EventJson.read(kafka.readValues(Topics.SLIDE_MANIFESTS, small, 1, WAIT).getFirst(),
                SlideManifest.class);
        assertTrue(smallManifest.batchCount() >= 5, smallManifest.batchCount() + " batches");

        kafka.readValues(Topics.PATCH_BATCHES, small, smallManifest.batchCount(), WAIT);
        // Both slides' batches as published, by time: when the small slide's last batch went out, most of the
        // big slide's were still waiting.
        List<ConsumerRecord<String, String>> published = kafka.read(Topics.PATCH_BATCHES,
                        r -> big.equals(r.key()) || small.equals(r.key()), Integer.MAX_VALUE, Duration.ofSeconds(3))
                .stream().sorted(Comparator.comparingLong(ConsumerRecord::timestamp)).toList();
        List<String> order = published.stream().map(ConsumerRecord::key).toList();
        int smallDone = order.lastIndexOf(small);
        long smallCount = order.stream().filter(small::equals).count();
        assertEquals(smallManifest.batchCount(), smallCount, "every batch of the small slide is out");
        long bigBefore = order.subList(0, smallDone + 1).stream().filter(big::equals).count();
        assertTrue(bigBefore < bigManifest.batchCount() / 2, "the big slide had published " + bigBefore + " of "
                + bigManifest.batchCount() + " batches when the small slide's " + smallCount + " were all out");
    }
}
