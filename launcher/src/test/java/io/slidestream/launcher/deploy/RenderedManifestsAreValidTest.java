package io.slidestream.launcher.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every overlay, and the base with each component on its own, renders with {@code kubectl kustomize} and passes
 * every {@link ManifestCheck}. PlantedMistakesAreReportedTest shows that each check fails on its mistake.
 */
class RenderedManifestsAreValidTest {
    static final List<String> STRIMZI_OVERLAYS = List.of("overlays/dev", "overlays/prod");

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void overlayPassesEveryCheck(String overlay) {
        Manifests rendered = Kustomize.render(overlay);
        assertFalse(rendered.docs().isEmpty(), overlay + " renders objects");
        assertEquals(List.of(), ManifestCheck.runAll(rendered), overlay);
    }

    static Stream<List<String>> components() {
        return Stream.of(List.of("strimzi"), List.of("keda"), List.of("gpu"), List.of("monitoring"),
                List.of("strimzi", "security"), List.of("strimzi", "keda", "security"));
    }

    @ParameterizedTest
    @MethodSource("components")
    void baseWithComponentsPassesEveryCheck(List<String> components) {
        assertEquals(List.of(), ManifestCheck.runAll(Kustomize.renderBaseWith(components)), "base + " + components);
    }
}
