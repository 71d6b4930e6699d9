package io.slidestream.inference.health;

import io.slidestream.inference.service.BatchScorer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the model is loaded; DOWN, saying why, when the model package could not be loaded. */
@Readiness
@ApplicationScoped
public class ModelHealthCheck implements HealthCheck {
    private final BatchScorer scorer;

    public ModelHealthCheck(BatchScorer scorer) {
        this.scorer = scorer;
    }

    @Override
    public HealthCheckResponse call() {
        return scorer.modelProblem()
                .map(problem -> HealthCheckResponse.named("model").down().withData("error", problem).build())
                .orElseGet(() -> HealthCheckResponse.named("model").up().withData("model", scorer.modelId()).build());
    }
}
