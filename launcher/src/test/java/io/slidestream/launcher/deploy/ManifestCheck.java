package io.slidestream.launcher.deploy;

import java.util.List;

/** One rule rendered manifests must keep; each finding says what is wrong and where. */
interface ManifestCheck {
    List<String> findings(Manifests manifests);

    /** Every rule, as CI runs them on each overlay. */
    static List<ManifestCheck> all() {
        return List.of(new SchemaCheck(), new SelectorCheck(), new PortCheck(), new ProbeCheck(), new KedaCheck(),
                new KafkaAclCheck(), new EnvCheck(), new ReadOnlyInputsCheck());
    }

    static List<String> runAll(Manifests manifests) {
        return all().stream().flatMap(c -> c.findings(manifests).stream()).toList();
    }
}
