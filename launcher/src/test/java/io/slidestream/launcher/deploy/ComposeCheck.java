package io.slidestream.launcher.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.slidestream.launcher.deploy.Manifests.at;
import static io.slidestream.launcher.deploy.Manifests.list;
import static io.slidestream.launcher.deploy.Manifests.map;

/**
 * docker-compose.yml against the services' own configuration: each service's image and build, its port
 * (published and health-checked), its environment (settings it reads), the slides and models mounted
 * read-only where its settings point, its Kafka address; and the monitoring profile's Prometheus targets and
 * Grafana dashboard queries against the ports, the metrics path and the meters the services register.
 */
final class ComposeCheck {
    private static final Pattern HEALTH_URL = Pattern.compile("http://localhost:(\\d+)(/\\S*)");
    private static final Pattern SLIDESTREAM_METRIC = Pattern.compile("\\b(slidestream_\\w+)");

    private ComposeCheck() {
    }

    static List<String> findings(Map<String, Object> compose) {
        List<String> findings = new ArrayList<>();
        Map<String, Object> services = map(compose.get("services"));
        Set<String> image = Dockerfiles.imageVariables();
        for (ServiceConfig config : ServiceConfig.all()) {
            String name = config.name();
            if (!services.containsKey(name)) {
                findings.add("no compose service " + name);
                continue;
            }
            Map<String, Object> service = map(services.get(name));
            int http = config.httpPort();
            if (!("slidestream/" + name).equals(service.get("image"))) {
                findings.add(name + ": image " + service.get("image") + " is not slidestream/" + name);
            }
            Object build = service.get("build");
            if (build == null || !name.equals(map(at(build, "args")).get("SERVICE"))
                    || !Files.isRegularFile(ProjectFiles.ROOT.resolve((String) map(build).get("dockerfile")))) {
                findings.add(name + ": not built from an existing Dockerfile with SERVICE=" + name);
            }
            List<Object> ports = list(service.get("ports"));
            if (ports.isEmpty()) {
                findings.add(name + ": publishes no port (quarkus.http.port is " + http + ")");
            }
            for (Object port : ports) {
                String[] parts = String.valueOf(port).split(":");
                if (!parts[parts.length - 1].equals(String.valueOf(http))) {
                    findings.add(name + ": port " + port + " does not publish quarkus.http.port " + http);
                }
            }
            String test = String.join(" ", list(at(service, "healthcheck", "test")).stream().map(String::valueOf).toList());
            Matcher url = HEALTH_URL.matcher(test);
            if (!url.find() || !url.group(1).equals(String.valueOf(http)) || !config.healthPaths().contains(url.group(2))) {
                findings.add(name + ": healthcheck " + test + " is not a health path " + config.healthPaths() + " on " + http);
            }
            Map<String, Object> env = service.get("environment") == null ? Map.of() : map(service.get("environment"));
            for (String variable : env.keySet()) {
                if (!config.readsEnv(variable) && !image.contains(variable)) {
                    findings.add(name + ": " + variable + " is not a setting of " + name);
                }
            }
            findings.addAll(readOnlyInputs(name, env, list(service.get("volumes"))));
            Object bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
            if (bootstrap != null) {
                String host = String.valueOf(bootstrap).split(":")[0];
                Object broker = services.get(host);
                Object advertised = broker == null ? null : map(map(broker).get("environment")).get("KAFKA_ADVERTISED_LISTENERS");
                if (advertised == null || !String.valueOf(advertised).contains("://" + bootstrap)) {
                    findings.add(name + ": KAFKA_BOOTSTRAP_SERVERS " + bootstrap + " is no listener a compose broker advertises");
                }
            }
        }
        findings.addAll(monitoring(services));
        return findings;
    }

    /** Slide roots and the model folder are on mounts, read-only: SlideStream never writes them. */
    private static List<String> readOnlyInputs(String name, Map<String, Object> env, List<Object> volumes) {
        List<String> findings = new ArrayList<>();
        List<String> inputs = new ArrayList<>();
        if (env.get("SLIDESTREAM_SLIDE_ROOTS") != null) {
            inputs.addAll(List.of(String.valueOf(env.get("SLIDESTREAM_SLIDE_ROOTS")).split(",")));
        }
        if (env.get("SLIDESTREAM_MODEL_DIR") != null) {
            inputs.add(String.valueOf(env.get("SLIDESTREAM_MODEL_DIR")));
        }
        for (String input : inputs) {
            String mount = volumes.stream().map(String::valueOf)
                    .filter(v -> input.equals(v.split(":")[1]) || input.startsWith(v.split(":")[1] + "/"))
                    .findFirst().orElse(null);
            if (mount == null) {
                findings.add(name + ": " + input + " is on no mount");
            } else if (!mount.endsWith(":ro")) {
                findings.add(name + ": " + mount + " holds " + input + " and is not read-only");
            }
        }
        return findings;
    }

    private static List<String> monitoring(Map<String, Object> services) {
        List<String> findings = new ArrayList<>();
        for (String tool : List.of("prometheus", "grafana")) {
            if (!services.containsKey(tool) || !list(map(services.get(tool)).get("profiles")).contains("monitoring")) {
                findings.add(tool + ": not a service of the monitoring profile");
                return findings;
            }
        }
        findings.addAll(prometheusFindings(Manifests.parse(ProjectFiles.read(mounted(services, "prometheus",
                "/etc/prometheus/prometheus.yml"))).docs().getFirst()));
        try (var files = Files.list(mounted(services, "grafana", "/var/lib/grafana/dashboards"))) {
            for (Path dashboard : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                findings.addAll(dashboardFindings(dashboard.getFileName().toString(),
                        StrictModels.MAPPER.readTree(dashboard.toFile())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return findings;
    }

    /** Prometheus scrapes every service, on its port and metrics path, and nothing else. */
    static List<String> prometheusFindings(Map<String, Object> prometheus) {
        List<String> findings = new ArrayList<>();
        Set<String> targets = new TreeSet<>();
        for (Map<String, Object> job : Manifests.maps(prometheus.get("scrape_configs"))) {
            for (ServiceConfig config : ServiceConfig.all()) {
                if (!config.metricsPath().equals(job.get("metrics_path"))) {
                    findings.add("prometheus.yml: job " + job.get("job_name") + " scrapes " + job.get("metrics_path")
                            + ", not " + config.name() + "'s " + config.metricsPath());
                }
            }
            Manifests.maps(job.get("static_configs")).forEach(c -> list(c.get("targets")).forEach(t -> targets.add((String) t)));
        }
        Set<String> expected = new TreeSet<>();
        ServiceConfig.all().forEach(c -> expected.add(c.name() + ":" + c.httpPort()));
        if (!expected.equals(targets)) {
            findings.add("prometheus.yml: targets " + targets + " are not the services' " + expected);
        }
        return findings;
    }

    /** Each SlideStream metric a dashboard queries is one the services export. */
    static List<String> dashboardFindings(String name, JsonNode dashboard) {
        List<String> findings = new ArrayList<>();
        Set<String> families = MeterNames.families();
        for (JsonNode expr : dashboard.findValues("expr")) {
            Matcher metric = SLIDESTREAM_METRIC.matcher(expr.asText());
            while (metric.find()) {
                if (!families.contains(metric.group(1))) {
                    findings.add(name + ": " + metric.group(1) + " is no metric the services export");
                }
            }
        }
        return findings;
    }

    /** The host path a compose service mounts at {@code target}. */
    private static Path mounted(Map<String, Object> services, String service, String target) {
        return list(map(services.get(service)).get("volumes")).stream().map(String::valueOf)
                .filter(v -> v.split(":")[1].equals(target)).findFirst()
                .map(v -> ProjectFiles.ROOT.resolve(v.split(":")[0]).normalize())
                .orElseThrow(() -> new IllegalStateException(service + " mounts nothing at " + target));
    }
}
