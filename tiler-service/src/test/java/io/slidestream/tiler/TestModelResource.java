package io.slidestream.tiler;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.slidestream.core.model.InputRole;
import io.slidestream.core.model.ModelInput;
import io.slidestream.core.model.ModelMetadata;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A model package's metadata, as deployed beside the tiler: the demo model's inputs (64 px at 1 µm/px,
 * 64 px context at 4 µm/px). The tiler reads nothing else of a package.
 */
public class TestModelResource implements QuarkusTestResourceLifecycleManager {
    static final String MODEL = "test-model";
    static final ModelMetadata METADATA = ModelMetadata.of(MODEL, "1", List.of(
            new ModelInput("patch", InputRole.PATCH, 64, 1.0), new ModelInput("context", InputRole.CONTEXT, 64, 4.0)),
            "p", ModelMetadata.MINUS_ONE_TO_ONE, 0.5);

    @Override
    public Map<String, String> start() {
        Path dir = Path.of("target", "tiler-test-model").toAbsolutePath();
        METADATA.write(dir);
        return Map.of("slidestream.tiler.model-dir", dir.toString());
    }

    @Override
    public void stop() {
    }
}
