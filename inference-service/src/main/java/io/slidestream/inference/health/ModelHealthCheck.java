package io.slidestream.inference.health;

import io.slidestream.inference.service.BatchScorer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the model is loaded (the scorer loads it at startup and fails the start if it cannot). */
@Readiness
@ApplicationScoped
public class ModelHealthCheck implements HealthCheck {
    private final BatchScorer scorer;

    public ModelHealthCheck(BatchScorer scorer) {
        this.scorer = scorer;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("model").up().withData("model", scorer.modelId()).build();
    }
}
