package io.slidestream.launcher.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.slidestream.launcher.deploy.Manifests.at;
import static io.slidestream.launcher.deploy.Manifests.list;
import static io.slidestream.launcher.deploy.Manifests.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docker-compose.yml passes {@link ComposeCheck}, and each kind of mistake planted in it (or in the monitoring
 * profile's files) is reported.
 */
class ComposeMatchesTheServicesTest {
    private static final Map<String, Object> COMPOSE = Manifests.parse(ProjectFiles.read(ProjectFiles.COMPOSE)).docs().getFirst();

    @Test
    void composeFileMatchesTheServicesConfiguration() {
        assertEquals(List.of(), ComposeCheck.findings(COMPOSE));
    }

    @Test
    void anImageOtherThanTheServicesIsReported() {
        assertReported(c -> service(c, "inference-service").put("image", "slidestream/inference"),
                "inference-service: image slidestream/inference");
    }

    @Test
    void aPortOtherThanTheServicesHttpPortIsReported() {
        int http = ServiceConfig.of("tiler-service").httpPort();
        String wrong = http + ":" + (http + 1);
        assertReported(c -> service(c, "tiler-service").put("ports", List.of(wrong)),
                "tiler-service: port " + wrong + " does not publish quarkus.http.port " + http);
    }

    @Test
    void aHealthcheckOnAPathTheServiceDoesNotServeIsReported() {
        assertReported(c -> service(c, "aggregator-service").put("healthcheck", Map.of("test",
                List.of("CMD", "curl", "-fsS", "http://localhost:" + ServiceConfig.of("aggregator-service").httpPort()
                        + "/health/ready"))), "aggregator-service: healthcheck");
    }

    @Test
    void aWritableSlideMountIsReported() {
        assertReported(c -> service(c, "inference-service").put("volumes",
                        List.of("./slides:/slides", "./.slidestream/models:/models:ro")),
                "inference-service: ./slides:/slides holds /slides and is not read-only");
    }

    @Test
    void aModelFolderOnNoMountIsReported() {
        Object modelDir = map(service(COMPOSE, "tiler-service").get("environment")).get("SLIDESTREAM_MODEL_DIR");
        assertReported(c -> service(c, "tiler-service").put("volumes", List.of("./slides:/slides:ro")),
                "tiler-service: " + modelDir + " is on no mount");
    }

    @Test
    void aMisspeltSettingIsReported() {
        assertReported(c -> map(service(c, "aggregator-service").get("environment"))
                        .put("SLIDESTREAM_AGGREGATOR_TILERURL", "http://tiler-service"),
                "aggregator-service: SLIDESTREAM_AGGREGATOR_TILERURL is not a setting of aggregator-service");
    }

    @Test
    void aKafkaAddressNoBrokerAdvertisesIsReported() {
        assertReported(c -> map(service(c, "tiler-service").get("environment")).put("KAFKA_BOOTSTRAP_SERVERS", "kafka:1"),
                "tiler-service: KAFKA_BOOTSTRAP_SERVERS kafka:1 is no listener");
    }

    @Test
    void prometheusMissingAServiceIsReported() {
        Map<String, Object> prometheus = Manifests.parse(ProjectFiles.read(ProjectFiles.DEPLOY.resolve("monitoring/prometheus.yml")))
                .copy().docs().getFirst();
        assertEquals(List.of(), ComposeCheck.prometheusFindings(prometheus));
        list(at(prometheus, "scrape_configs", 0, "static_configs", 0, "targets"))
                .remove("inference-service:" + ServiceConfig.of("inference-service").httpPort());
        assertContains(ComposeCheck.prometheusFindings(prometheus), "prometheus.yml: targets");
    }

    @Test
    void aDashboardQueryOfAMetricNoServiceExportsIsReported() throws IOException {
        JsonNode dashboard = StrictModels.MAPPER.readTree(
                ProjectFiles.DEPLOY.resolve("monitoring/grafana/dashboards/slidestream.json").toFile());
        assertEquals(List.of(), ComposeCheck.dashboardFindings("slidestream.json", dashboard));
        ((ObjectNode) dashboard.findParents("expr").getFirst())
                .put("expr", "sum(rate(slidestream_inference_patches_score_total[1m]))");
        assertContains(ComposeCheck.dashboardFindings("slidestream.json", dashboard),
                "slidestream_inference_patches_score_total is no metric the services export");
    }

    private static Map<String, Object> service(Map<String, Object> compose, String name) {
        return map(map(compose.get("services")).get(name));
    }

    private static void assertReported(Consumer<Map<String, Object>> mistake, String expected) {
        Map<String, Object> compose = new Manifests(List.of(COMPOSE)).copy().docs().getFirst();
        mistake.accept(compose);
        assertContains(ComposeCheck.findings(compose), expected);
    }

    private static void assertContains(List<String> findings, String expected) {
        assertTrue(findings.stream().anyMatch(f -> f.contains(expected)), "expected a finding with '" + expected + "' in " + findings);
    }
}
