package io.slidestream.launcher.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Prometheus metric families the services export, from the Micrometer meters their sources register
 * ({@code Counter.builder("a.b")}, {@code registry.counter("a.b")}, ...), named as Micrometer's Prometheus
 * registry names them: dots to underscores, counters {@code _total}, timers in {@code _seconds_*}.
 */
final class MeterNames {
    private static final Pattern METER = Pattern.compile(
            "(Counter|Timer|DistributionSummary|Gauge)\\.builder\\(\"([^\"]+)\"|\\.(counter|timer|summary|gauge)\\(\"([^\"]+)\"");

    private MeterNames() {
    }

    static Set<String> families() {
        Set<String> families = new TreeSet<>();
        for (String service : ServiceConfig.SERVICES) {
            try (Stream<Path> sources = Files.walk(ProjectFiles.ROOT.resolve(service).resolve("src/main/java"))) {
                for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher meter = METER.matcher(Files.readString(source));
                    while (meter.find()) {
                        String type = (meter.group(1) != null ? meter.group(1) : meter.group(3)).toLowerCase();
                        String name = (meter.group(2) != null ? meter.group(2) : meter.group(4)).replace('.', '_');
                        switch (type) {
                            case "counter" -> families.add(name + "_total");
                            case "timer" -> Stream.of("_count", "_sum", "_max", "_bucket")
                                    .forEach(s -> families.add(name + "_seconds" + s));
                            case "distributionsummary", "summary" -> Stream.of("_count", "_sum", "_max", "_bucket")
                                    .forEach(s -> families.add(name + s));
                            default -> families.add(name);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return families;
    }
}
