package io.slidestream.kafka;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract the launcher relies on: a READY line once clients can connect, a clean exit on SIGTERM. */
class KraftBrokerMainTest {

    @Test
    void the_main_announces_its_bootstrap_address_and_stops_on_sigterm() throws Exception {
        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                KraftBrokerMain.class.getName(), "--port", "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertTrue(line != null && line.startsWith(KraftBrokerMain.READY_LINE), "got " + line);
            String bootstrap = line.substring(KraftBrokerMain.READY_LINE.length());

            try (TopicProbe probe = new TopicProbe(bootstrap)) {
                probe.send("main-topic", "key", "hello");
                assertEquals(List.of("hello"), probe.readValues("main-topic", "key", 1, Duration.ofSeconds(30)));
            }
        } finally {
            process.destroy();
        }
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "broker did not stop on SIGTERM");
        assertEquals(143, process.exitValue());
    }
}
