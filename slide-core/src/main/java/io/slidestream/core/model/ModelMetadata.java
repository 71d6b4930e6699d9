package io.slidestream.core.model;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a model package says about itself, stored as {@value #FILE_NAME} beside the SavedModel
 * ({@code saved_model.pb} and {@code variables/}). The inference service reads it to know how to feed
 * the model; the trainer writes it.
 *
 * @param name             model name
 * @param version          model version
 * @param inputSize        edge of the square input(s) in pixels
 * @param patchInput       signature input name of the patch tensor [N, size, size, 3]
 * @param contextInput     signature input name of the same-centre context tensor, null for one-input models
 * @param output           signature output name of the tumour probability [N] or [N, 1]
 * @param normalisation    how RGB bytes become floats; "minus-one-to-one" is (v / 127.5) - 1
 * @param threshold        probability at or above which a patch counts as tumour
 */
public record ModelMetadata(String name, String version, int inputSize, String patchInput, String contextInput,
                            String output, String normalisation, double threshold) {

    public static final String FILE_NAME = "slidestream-model.json";
    public static final String MINUS_ONE_TO_ONE = "minus-one-to-one";

    public String id() {
        return name + ":" + version;
    }

    public boolean hasContextInput() {
        return contextInput != null && !contextInput.isBlank();
    }

    public static ModelMetadata read(Path modelDir) {
        Path file = modelDir.resolve(FILE_NAME);
        try {
            return new ObjectMapper().readValue(file.toFile(), ModelMetadata.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model metadata " + file + ": " + e.getMessage(), e);
        }
    }

    public void write(Path modelDir) {
        try {
            Files.createDirectories(modelDir);
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(modelDir.resolve(FILE_NAME).toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model metadata into " + modelDir, e);
        }
    }
}
