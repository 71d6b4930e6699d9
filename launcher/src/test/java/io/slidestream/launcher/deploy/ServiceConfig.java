package io.slidestream.launcher.deploy;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one service's own configuration says about it, read from its sources: its HTTP port, the Kafka
 * channels in its application.properties, the paths Quarkus serves for health and metrics, and the
 * settings it reads (so that a deployment's environment variables can be checked against them).
 */
record ServiceConfig(String name, Properties properties, Set<String> settings) {
    static final List<String> SERVICES = List.of("tiler-service", "inference-service", "aggregator-service");
    private static final Set<String> KAFKA_CLIENT_SETTINGS = Stream.of(ConsumerConfig.configNames(),
            ProducerConfig.configNames(), AdminClientConfig.configNames()).flatMap(Set::stream)
            .collect(java.util.stream.Collectors.toSet());
    private static final Properties SHARED = load(ProjectFiles.ROOT.resolve(
            "slide-core/src/main/resources/META-INF/microprofile-config.properties"));

    /** One incoming SmallRye Kafka channel. */
    record Incoming(String channel, String topic, String groupId, String deadLetterTopic) {
    }

    static ServiceConfig of(String service) {
        Path module = ProjectFiles.ROOT.resolve(service);
        Properties properties = load(module.resolve("src/main/resources/application.properties"));
        return new ServiceConfig(service, properties, readSettings(module, properties));
    }

    static List<ServiceConfig> all() {
        return SERVICES.stream().map(ServiceConfig::of).toList();
    }

    int httpPort() {
        return Integer.parseInt(property("quarkus.http.port", null));
    }

    /** Health endpoints under Quarkus' non-application root, as SmallRye Health names them (or as configured). */
    Set<String> healthPaths() {
        String health = nonApplicationRoot() + "/" + property("quarkus.smallrye-health.root-path", "health");
        return Set.of(health,
                health + "/" + property("quarkus.smallrye-health.liveness-path", "live"),
                health + "/" + property("quarkus.smallrye-health.readiness-path", "ready"),
                health + "/" + property("quarkus.smallrye-health.startup-path", "started"));
    }

    String metricsPath() {
        return nonApplicationRoot() + "/" + property("quarkus.micrometer.export.prometheus.path", "metrics");
    }

    List<Incoming> incoming() {
        List<Incoming> channels = new ArrayList<>();
        for (String channel : channels("incoming")) {
            String prefix = "mp.messaging.incoming." + channel + ".";
            String topic = properties.getProperty(prefix + "topic", channel);
            String dlq = "dead-letter-queue".equals(properties.getProperty(prefix + "failure-strategy"))
                    ? properties.getProperty(prefix + "dead-letter-queue.topic", "dead-letter-topic-" + topic) : null;
            channels.add(new Incoming(channel, topic, properties.getProperty(prefix + "group.id"), dlq));
        }
        return channels;
    }

    Set<String> outgoingTopics() {
        Set<String> topics = new TreeSet<>();
        for (String channel : channels("outgoing")) {
            topics.add(properties.getProperty("mp.messaging.outgoing." + channel + ".topic", channel));
        }
        return topics;
    }

    /**
     * Whether an environment variable is a setting of this service: the name MicroProfile Config maps to one of
     * its properties, or a variable its application.properties names, or a Kafka client setting (Quarkus hands
     * every {@code KAFKA_*} variable to the Kafka clients as {@code kafka.*}: KAFKA_SASL_MECHANISM is
     * sasl.mechanism, which must be a setting the Kafka clients know).
     */
    boolean readsEnv(String variable) {
        return settings.contains(variable) || (variable.startsWith("KAFKA_") && KAFKA_CLIENT_SETTINGS.contains(
                variable.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.')));
    }

    /** The environment variable MicroProfile Config reads for a property. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private String nonApplicationRoot() {
        return "/" + property("quarkus.http.non-application-root-path", "q").replaceAll("^/|/$", "");
    }

    private String property(String key, String fallback) {
        String value = properties.getProperty(key, SHARED.getProperty(key, fallback));
        if (value == null) {
            throw new IllegalStateException(key + " is not set for " + name);
        }
        return value;
    }

    private Set<String> channels(String direction) {
        Set<String> channels = new LinkedHashSet<>();
        Pattern connector = Pattern.compile("mp\\.messaging\\." + direction + "\\.([\\w-]+)\\.connector");
        for (String key : properties.stringPropertyNames()) {
            Matcher m = connector.matcher(key);
            if (m.matches()) {
                channels.add(m.group(1));
            }
        }
        return channels;
    }

    /**
     * Environment names of the settings the service reads: its properties (and slide-core's shared ones), the
     * variables they refer to ({@code ${VAR:default}}), the top-level members of its {@code @ConfigMapping}
     * and the names of its {@code @ConfigProperty} injections.
     */
    private static Set<String> readSettings(Path module, Properties properties) {
        Set<String> names = new TreeSet<>();
        Stream.concat(properties.stringPropertyNames().stream(), SHARED.stringPropertyNames().stream())
                .filter(k -> !k.startsWith("%")).map(ServiceConfig::envName).forEach(names::add);
        Matcher variable = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]").matcher(String.join("\n",
                properties.values().stream().map(String::valueOf).toList()));
        while (variable.find()) {
            names.add(variable.group(1));
        }
        try (Stream<Path> sources = Stream.concat(Files.walk(module.resolve("src/main/java")),
                Files.walk(ProjectFiles.ROOT.resolve("slide-core/src/main/java")))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                names.addAll(settingsOf(Files.readString(source)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static Set<String> settingsOf(String source) {
        Set<String> names = new TreeSet<>();
        Matcher injected = Pattern.compile("@ConfigProperty\\(name\\s*=\\s*\"([^\"]+)\"").matcher(source);
        while (injected.find()) {
            names.add(envName(injected.group(1)));
        }
        Matcher mapping = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)\\s*public interface \\w+\\s*\\{")
                .matcher(source);
        if (mapping.find()) {
            // Top-level members only: a member is declared at the interface's first nesting level.
            int depth = 1;
            StringBuilder topLevel = new StringBuilder();
            for (int i = mapping.end(); i < source.length() && depth > 0; i++) {
                char c = source.charAt(i);
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
                if (depth == 1 && c != '}') {
                    topLevel.append(c);
                }
            }
            Matcher member = Pattern.compile("(?m)^\\s*[\\w<>, ?.\\[\\]]+\\s+(\\w+)\\(\\);").matcher(topLevel);
            while (member.find()) {
                String kebab = member.group(1).replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
                names.add(envName(mapping.group(1) + "." + kebab));
            }
        }
        return names;
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
