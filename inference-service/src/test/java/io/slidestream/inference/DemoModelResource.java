package io.slidestream.inference;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.slidestream.trainer.DemoModel;

import java.nio.file.Path;
import java.util.Map;

/** Points the service at the demo model, trained once per build into the shared cache. */
public class DemoModelResource implements QuarkusTestResourceLifecycleManager {

    static Path modelDir() {
        return Path.of(System.getProperty("slidestream.cache"), "demo-model");
    }

    @Override
    public Map<String, String> start() {
        return Map.of("slidestream.inference.model-dir", DemoModel.ensure(modelDir()).toString());
    }

    @Override
    public void stop() {
    }
}
