package io.slidestream.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LauncherInputsTest {

    @Test
    void demoOptionsDefaultToTheDemoSlideAndAcceptOutAndSize() {
        assertEquals(new DemoOptions(Path.of("demo-out"), DemoSlide.WIDTH, DemoSlide.HEIGHT),
                DemoOptions.parse(new String[0]));
        assertEquals(new DemoOptions(Path.of("/tmp/b"), 61440, 40960),
                DemoOptions.parse(new String[] {"--out", "/tmp/b", "--width", "61440", "--height", "40960"}));
    }

    @Test
    void unknownMissingOrNonNumericDemoArgumentsAreRefusedWithTheUsage() {
        for (String[] bad : new String[][] {{"--bogus"}, {"--out"}, {"--width", "wide"}, {"--height", "-5"}}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> DemoOptions.parse(bad));
            assertTrue(e.getMessage().contains("demo"), e.getMessage());
        }
    }

    @Test
    void stackThatWasNotBuiltNamesWhatIsMissingAndHowToBuildIt(@TempDir Path emptyCheckout) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new StackLayout(emptyCheckout).requireBuilt());
        assertTrue(e.getMessage().contains("quarkus-run.jar") && e.getMessage().contains("./mvnw"), e.getMessage());
    }
}
