package io.slidestream.kafka;

import java.nio.file.Path;

/**
 * Runs a {@link KraftBroker} until the JVM is stopped (SIGTERM, Ctrl-C): the Kafka of the local stack.
 * Prints {@value #READY_LINE}{@code <host:port>} on stdout once it serves clients; the launcher waits for it.
 *
 * <pre>java -cp launcher.jar io.slidestream.kafka.KraftBrokerMain [--port 9092] [--dir DIR] [--partitions 4]</pre>
 *
 * {@code --port 0} takes a free port. Without {@code --dir} the data lives in a temporary directory deleted at
 * shutdown; with it, the data survives restarts. Logs (slf4j-simple) go to stderr at WARN.
 */
public final class KraftBrokerMain {
    public static final String READY_LINE = "KAFKA READY bootstrap=";
    private static final String USAGE = "usage: KraftBrokerMain [--port 9092] [--dir DIR] [--partitions 4]";

    private KraftBrokerMain() {
    }

    public static void main(String[] args) {
        setIfAbsent("slf4j.internal.verbosity", "WARN");
        int port = 9092;
        Path dir = null;
        int partitions = KraftBroker.DEFAULT_PARTITIONS;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(args[++i]);
                    case "--dir" -> dir = Path.of(args[++i]);
                    case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (RuntimeException e) {
            System.err.println(e.getMessage() == null ? USAGE : e.getMessage() + "\n" + USAGE);
            System.exit(2);
        }

        KraftBroker broker;
        try {
            broker = KraftBroker.start(port, dir, partitions);
        } catch (RuntimeException e) {
            System.err.println("KAFKA FAILED " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kraft-broker-shutdown"));
        System.out.println(READY_LINE + broker.bootstrapServers());
        System.out.flush();
        broker.awaitShutdown();
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
