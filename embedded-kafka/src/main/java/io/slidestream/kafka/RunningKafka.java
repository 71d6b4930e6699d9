package io.slidestream.kafka;

/** A Kafka cluster that clients can reach, whichever way it was started. */
public interface RunningKafka extends AutoCloseable {

    /** The {@code bootstrap.servers} value for clients. */
    String bootstrapServers();

    /** Stops it and frees what it held. */
    @Override
    void close();
}
