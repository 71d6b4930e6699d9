package io.slidestream.tiler.service;

import io.slidestream.core.model.AnalysisProfile;
import io.slidestream.core.model.InputRole;
import io.slidestream.core.model.ModelInput;
import io.slidestream.core.model.ModelMetadata;
import io.slidestream.tiler.config.TilerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The analysis profiles a request may name: the deployed model's own (named after it, read from its
 * package's metadata) and the configured ones. The default is the configured default-profile, else the
 * model's.
 */
@ApplicationScoped
public class AnalysisProfiles {
    private static final Logger LOG = Logger.getLogger(AnalysisProfiles.class);

    private final Map<String, AnalysisProfile> byName = new TreeMap<>();
    private final Optional<String> defaultName;
    private final String problem;

    public AnalysisProfiles(TilerConfig config) {
        String modelProblem = null;
        String modelProfile = null;
        if (config.modelDir().isPresent()) {
            try {
                if (!Files.isRegularFile(config.modelDir().get().resolve(ModelMetadata.FILE_NAME))) {
                    throw new IllegalStateException("no " + ModelMetadata.FILE_NAME + " in " + config.modelDir().get());
                }
                AnalysisProfile profile = ModelMetadata.read(config.modelDir().get()).profile();
                byName.put(profile.name(), profile);
                modelProfile = profile.name();
            } catch (RuntimeException e) {
                modelProblem = "the model package's metadata cannot be read: " + e.getMessage();
                LOG.error(modelProblem);
            }
        }
        config.profiles().forEach((name, p) -> byName.put(name, fromConfig(name, p)));
        defaultName = config.defaultProfile().isPresent() ? config.defaultProfile() : Optional.ofNullable(modelProfile);
        if (defaultName.isPresent() && !byName.containsKey(defaultName.get())) {
            modelProblem = "the default profile " + defaultName.get() + " is not defined";
        } else if (defaultName.isEmpty() && modelProblem == null) {
            modelProblem = "no default profile: set slidestream.tiler.model-dir (SLIDESTREAM_MODEL_DIR) or default-profile";
        }
        problem = modelProblem;
        LOG.infof("analysis profiles: %s; default %s", byName.values(), defaultName.orElse("none"));
    }

    private static AnalysisProfile fromConfig(String name, TilerConfig.Profile p) {
        List<ModelInput> inputs = new ArrayList<>();
        inputs.add(new ModelInput("patch", InputRole.PATCH, p.patchSize(), p.patchMpp()));
        if (p.contextSize().isPresent() != p.contextMpp().isPresent()) {
            throw new IllegalArgumentException("profile " + name + ": give both context-size and context-mpp, or neither");
        }
        if (p.contextSize().isPresent()) {
            inputs.add(new ModelInput("context", InputRole.CONTEXT, p.contextSize().getAsInt(), p.contextMpp().getAsDouble()));
        }
        return new AnalysisProfile(name, inputs);
    }

    /**
     * The profile of this name, or the default for a blank one.
     *
     * @throws SlideRejectedException when there is no such profile
     */
    public AnalysisProfile resolve(String name) {
        String wanted = name == null || name.isBlank() ? defaultName.orElse(null) : name.trim();
        AnalysisProfile profile = wanted == null ? null : byName.get(wanted);
        if (profile == null) {
            throw new SlideRejectedException(wanted == null ? "no default analysis profile: " + problem
                    : "unknown analysis profile '" + wanted + "'; known: " + String.join(", ", byName.keySet()));
        }
        return profile;
    }

    /** Why the default profile is unusable, for the readiness check; empty when all is well. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }
}
