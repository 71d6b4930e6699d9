package io.slidestream.tiler.health;

import io.slidestream.tiler.service.AnalysisProfiles;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when there is a default analysis profile, i.e. the model package's metadata could be read. */
@Readiness
@ApplicationScoped
public class ProfilesHealthCheck implements HealthCheck {
    private final AnalysisProfiles profiles;

    public ProfilesHealthCheck(AnalysisProfiles profiles) {
        this.profiles = profiles;
    }

    @Override
    public HealthCheckResponse call() {
        return profiles.problem()
                .map(problem -> HealthCheckResponse.named("analysis-profiles").down().withData("problem", problem).build())
                .orElseGet(() -> HealthCheckResponse.named("analysis-profiles").up()
                        .withData("default", profiles.resolve(null).toString()).build());
    }
}
