package io.slidestream.inference;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.slidestream.core.events.Contract;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.PatchBatch.PatchRef;
import io.slidestream.core.events.Priority;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.Topics;
import io.slidestream.kafka.KafkaTestResource;
import io.slidestream.kafka.TopicProbe;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A backlog that takes far longer to score than the consumer's max.poll.interval.ms, with one batch in
 * hand at a time: the channel stops requesting, its consumer pauses and keeps polling, so it is never
 * thrown out of its group (which would redeliver batches and score them twice) and liveness stays UP.
 */
@QuarkusTest
@TestProfile(BacklogWithoutRebalanceTest.SlowAndStrict.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = DemoModelResource.class, scope = TestResourceScope.GLOBAL)
class BacklogWithoutRebalanceTest {

    public static class SlowAndStrict implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("slidestream.inference.batches-in-flight", "1",
                    "mp.messaging.incoming.patch-batches.max.poll.interval.ms", "1500",
                    "mp.messaging.incoming.patch-batches.group.id", "inference-backlog-test");
        }
    }

    @Test
    void aBacklogLongerThanThePollIntervalIsScoredOnceWithoutLeavingTheGroup() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "inference-test"));
        Path slide = dir.resolve("backlog.tiff").toAbsolutePath();
        SyntheticSlideGenerator.generate(SyntheticSlideSpec.forTests(4242), slide);
        GridGeometry grid = DemoGrids.of(slide);
        List<PatchRef> block = new ArrayList<>();
        for (int row = 8; row < 16; row++) {
            for (int col = 8; col < 16; col++) {
                block.add(new PatchRef(col, row, grid.originX(col), grid.originY(row)));
            }
        }
        String slideId = "inference-backlog-1";
        int batches = 80; // 80 x 64 patches: several seconds of scoring on a CPU
        try (TopicProbe kafka = new TopicProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            long start = System.nanoTime();
            for (int i = 0; i < batches; i++) {
                kafka.send(Topics.PATCH_BATCHES, slideId, EventJson.write(new PatchBatch(Contract.SCHEMA_VERSION, slideId,
                        "backlog.tiff", i, grid, Priority.ROUTINE, block)));
            }
            Map<Integer, Integer> scored = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (scored.size() < batches && System.nanoTime() < deadline) {
                get("/q/health/live").then().statusCode(200);
                scored.clear();
                for (String record : kafka.readValues(Topics.SCORE_BATCHES, slideId, batches, Duration.ofSeconds(1))) {
                    scored.merge(EventJson.read(record, ScoreBatch.class).batchIndex(), 1, Integer::sum);
                }
            }
            long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
            assertEquals(batches, scored.size(), "every batch scored");
            assertTrue(seconds >= 3, "the backlog outlasted max.poll.interval.ms (1.5 s) twice over: " + seconds + " s");
            Thread.sleep(3000); // a rebalance would redeliver uncommitted batches now
            List<String> all = kafka.readValues(Topics.SCORE_BATCHES, slideId, batches + 1, Duration.ofSeconds(2));
            assertEquals(batches, all.size(), "no batch scored twice: the consumer never left its group");
        }
    }
}
