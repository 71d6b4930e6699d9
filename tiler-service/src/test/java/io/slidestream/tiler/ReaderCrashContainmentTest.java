package io.slidestream.tiler;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.SlideReady;
import io.slidestream.core.events.SlideState;
import io.slidestream.core.events.SlideStatus;
import io.slidestream.core.events.Topics;
import io.slidestream.kafka.KafkaTestResource;
import io.slidestream.kafka.TopicProbe;
import io.slidestream.synth.LevelLayout;
import io.slidestream.synth.SlideMutator;
import io.slidestream.synth.SyntheticSlideSpec;
import io.slidestream.synth.TiffLayout;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OpenSlide is C code reading untrusted files. Hundreds of mutated slides (truncated, bits flipped,
 * headers zeroed, tags set to edge values, among them a real OpenSlide 3.4.1 crash: a tile width of
 * 2^31 - 1, on which GLib aborts the process) are sent by a "scanner" while good slides are being tiled.
 * Every bad file ends FAILED with a reason (or, when it is still readable, is tiled), the good slides are
 * tiled, and the service stays up: the crash cost only the reader process.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestModelResource.class, scope = TestResourceScope.GLOBAL)
class ReaderCrashContainmentTest {
    private static final int MUTANTS_PER_SOURCE = 100;
    private static final long SEED = 20261126L;
    private static TopicProbe kafka;

    @BeforeAll
    static void connect() {
        kafka = new TopicProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void mutatedSlidesEndFailedWithAReasonWhileGoodSlidesAreTiledAndTheServiceStaysUp() throws IOException {
        Path dir = Files.createDirectories(TestSlides.GENERATED_ROOT.resolve("mutants"));
        // A good slide with one big level: its thumbnail takes a while, so the mutants queue up behind it.
        Path goodFirst = TestSlides.generated("crash-good-first.tiff",
                SyntheticSlideSpec.forTests(7001).withLevels(LevelLayout.SINGLE));
        Path goodLast = TestSlides.generated("crash-good-last.tiff", SyntheticSlideSpec.forTests(7002));
        Map<String, Path> sources = new TreeMap<>(Map.of(
                "boxes", TestSlides.fixture("boxes.tiff"),
                "small", TestSlides.fixture("small.svs"),
                "generated", TestSlides.generated("crash-source.tiff", SyntheticSlideSpec.of(7003, 1024, 768))));

        send("crash-good-first", goodFirst);
        Map<String, String> recipes = new HashMap<>();
        for (Map.Entry<String, Path> source : sources.entrySet()) {
            byte[] original = Files.readAllBytes(source.getValue());
            TiffLayout layout = TiffLayout.parse(original);
            for (int i = 0; i < MUTANTS_PER_SOURCE; i++) {
                SlideMutator.Kind kind = SlideMutator.Kind.values()[i % SlideMutator.Kind.values().length];
                SlideMutator.Mutant mutant = SlideMutator.mutate(original, layout, kind, SEED * 1000 + i);
                String id = "mutant-" + source.getKey() + "-" + i;
                Files.write(dir.resolve(id + ".tiff"), mutant.bytes());
                recipes.put(id, source.getKey() + " " + kind + ": " + mutant.description());
            }
        }
        // A known crash of OpenSlide 3.4.1 (slide-synth's fuzzing found it): tile width 2^31 - 1 on boxes.tiff.
        byte[] boxes = Files.readAllBytes(TestSlides.fixture("boxes.tiff"));
        SlideMutator.Mutant crash = SlideMutator.mutate(boxes, TiffLayout.parse(boxes), SlideMutator.Kind.TAG_VALUE,
                20251186753704L);
        Files.write(dir.resolve("mutant-crash.tiff"), crash.bytes());
        recipes.put("mutant-crash", crash.description());
        for (String id : recipes.keySet()) {
            send(id, dir.resolve(id + ".tiff"));
        }
        send("crash-good-last", goodLast);

        Set<String> ids = new java.util.HashSet<>(recipes.keySet());
        ids.addAll(List.of("crash-good-first", "crash-good-last"));
        Map<String, SlideStatus> outcome = finalStatuses(ids);
        assertEquals(SlideState.SCORING, outcome.get("crash-good-first").state(), outcome.get("crash-good-first").toString());
        assertEquals(SlideState.SCORING, outcome.get("crash-good-last").state(), outcome.get("crash-good-last").toString());
        SlideStatus crashed = outcome.get("mutant-crash");
        assertEquals(SlideState.FAILED, crashed.state());
        assertTrue(crashed.reason().contains("reader crashed"), crashed.reason());
        assertFalse(crashed.reason().contains(dir.toString()), "no host path: " + crashed.reason());

        Map<SlideState, Long> states = new TreeMap<>();
        List<String> withoutReason = new ArrayList<>();
        for (String id : recipes.keySet()) {
            SlideStatus status = outcome.get(id);
            states.merge(status.state(), 1L, Long::sum);
            if (status.state() == SlideState.FAILED && (status.reason() == null || status.reason().isBlank())) {
                withoutReason.add(id + " (" + recipes.get(id) + ")");
            }
        }
        System.out.println("tiler fuzz: " + recipes.size() + " mutated slides: " + states);
        assertEquals(List.of(), withoutReason, "every failure says why");
        assertEquals(recipes.size(), states.values().stream().mapToLong(Long::longValue).sum());
        assertTrue(states.getOrDefault(SlideState.FAILED, 0L) > recipes.size() / 2, states.toString());

        given().when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        assertTrue(given().when().get("/q/metrics").asString()
                .contains("slidestream_tiler_slides_total{outcome=\"reader-crashed\""), "crashes are counted");
    }

    private static void send(String id, Path file) {
        kafka.send(Topics.SLIDE_READY, id, EventJson.write(SlideReady.of(id, file.toString(), "fuzzing-scanner")));
    }

    /** Waits until each slide reached SCORING (tiled) or FAILED; returns that status by slide. */
    private static Map<String, SlideStatus> finalStatuses(Set<String> ids) {
        Map<String, SlideStatus> done = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (done.size() < ids.size() && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : kafka.read(Topics.SLIDE_STATUS, r -> ids.contains(r.key()),
                    Integer.MAX_VALUE, Duration.ofSeconds(3))) {
                SlideStatus status = EventJson.read(record.value(), SlideStatus.class);
                if (status.state() == SlideState.SCORING || status.state() == SlideState.FAILED) {
                    done.put(status.slideId(), status);
                }
            }
        }
        Set<String> missing = ids.stream().filter(id -> !done.containsKey(id)).collect(Collectors.toSet());
        assertEquals(Set.of(), missing, "slides that never finished tiling");
        return done;
    }
}
