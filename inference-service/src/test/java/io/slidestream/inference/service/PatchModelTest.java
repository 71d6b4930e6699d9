package io.slidestream.inference.service;

import io.slidestream.core.model.InputRole;
import io.slidestream.core.model.ModelInput;
import io.slidestream.core.model.ModelMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatchModelTest {

    @Test
    void folderWithoutASavedModelIsRefusedWithItsPath(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PatchModel.load(dir, 1));
        assertTrue(e.getMessage().contains("saved_model.pb") && e.getMessage().contains(dir.toString()), e.getMessage());
    }

    @Test
    void modelAskingForAnotherNormalisationIsRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("saved_model.pb"), "");
        ModelMetadata.of("other", "2", List.of(new ModelInput("patch", InputRole.PATCH, 64, 1.0)), "p",
                "imagenet-mean-std", 0.5).write(dir);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PatchModel.load(dir, 1));
        assertTrue(e.getMessage().contains("imagenet-mean-std"), e.getMessage());
    }
}
