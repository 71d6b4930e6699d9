package io.slidestream.launcher;

import java.io.IOException;
import java.net.ServerSocket;

/** The ports of one local stack. */
public record StackPorts(int kafka, int aggregator, int tiler, int inference) {

    /** The documented ports: Kafka 9092, aggregator 8080, tiler 8081, inference 8082. */
    public static StackPorts defaults() {
        return new StackPorts(9092, 8080, 8081, 8082);
    }

    /** Free ports, for runs that must not collide with a stack already up. */
    public static StackPorts free() {
        return new StackPorts(freePort(), freePort(), freePort(), freePort());
    }

    /** A port nothing listens on now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + kafka;
    }
}
