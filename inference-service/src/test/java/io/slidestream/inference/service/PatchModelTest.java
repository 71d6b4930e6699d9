package io.slidestream.inference.service;

import io.slidestream.core.model.ModelMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
        new ModelMetadata("other", "2", 64, "patch", null, "p", "imagenet-mean-std", 0.5).write(dir);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PatchModel.load(dir, 1));
        assertTrue(e.getMessage().contains("imagenet-mean-std"), e.getMessage());
    }
}
