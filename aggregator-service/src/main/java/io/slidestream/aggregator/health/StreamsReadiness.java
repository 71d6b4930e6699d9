package io.slidestream.aggregator.health;

import io.slidestream.aggregator.streams.AggregatorStreams;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the stream processing runs: before that, the slides' state cannot be queried. */
@Readiness
@ApplicationScoped
public class StreamsReadiness implements HealthCheck {
    private final AggregatorStreams streams;

    StreamsReadiness(AggregatorStreams streams) {
        this.streams = streams;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("aggregator state (Kafka Streams)").status(streams.isRunning()).build();
    }
}
