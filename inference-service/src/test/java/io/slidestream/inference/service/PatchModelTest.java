package io.slidestream.inference.service;

import io.slidestream.core.model.InputRole;
import io.slidestream.core.model.ModelInput;
import io.slidestream.core.model.ModelMetadata;
import io.slidestream.core.slide.SlideCache;
import io.slidestream.core.slide.SlideRoots;
import io.slidestream.core.events.Contract;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.PatchBatch.PatchRef;
import io.slidestream.core.events.Priority;
import io.slidestream.inference.DemoGrids;
import io.slidestream.inference.ModelPackages;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import io.slidestream.trainer.DemoModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatchModelTest {
    private static final Path DEMO = Path.of(System.getProperty("slidestream.cache"), "demo-model");

    @Test
    void folderWithoutASavedModelIsRefusedWithItsPath(@TempDir Path dir) {
        ModelMetadata.of("tf", "1", List.of(new ModelInput("patch", InputRole.PATCH, 64, 1.0)), "p",
                ModelMetadata.MINUS_ONE_TO_ONE, 0.5).write(dir);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PatchModel.load(dir, 1));
        assertTrue(e.getMessage().contains("saved_model.pb") && e.getMessage().contains(dir.toString()), e.getMessage());
    }

    @Test
    void modelAskingForAnUnknownNormalisationIsRefusedNamingTheKnownOnes(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("saved_model.pb"), "");
        Files.writeString(dir.resolve(ModelMetadata.FILE_NAME), """
                {"formatVersion": 3, "name": "other", "version": "2", "output": "p", "threshold": 0.5,
                 "inputs": [{"name": "patch", "role": "patch", "size": 64, "mpp": 1.0}],
                 "normalisation": "imagenet-mean-std"}""");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> PatchModel.load(dir, 1));
        assertTrue(e.getMessage().contains("imagenet-mean-std") && e.getMessage().contains("'imagenet'"), e.getMessage());
    }

    @Test
    void onnxPackageWithoutOneOnnxFileOrWithABrokenOneIsRefusedSayingWhy(@TempDir Path dir) throws IOException {
        ModelMetadata.of("exported", "1", List.of(new ModelInput("patch", InputRole.PATCH, 64, 1.0)), "p",
                ModelMetadata.IMAGENET, 0.5).withEngine(ModelMetadata.ENGINE_ONNXRUNTIME).write(dir);
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> PatchModel.load(dir, 1));
        assertTrue(none.getMessage().contains("exactly one .onnx file") && none.getMessage().contains("none"),
                none.getMessage());
        Files.writeString(dir.resolve("resnet.onnx"), "not a protobuf");
        IllegalStateException broken = assertThrows(IllegalStateException.class, () -> PatchModel.load(dir, 1));
        assertTrue(broken.getMessage().contains("resnet.onnx"), broken.getMessage());
    }

    /**
     * The demo model exported to ONNX (channels-first, as a PyTorch export) and renamed as a user's file
     * would be, scored through ONNX Runtime on patches read from a generated slide: the same probabilities as
     * the SavedModel through TensorFlow.
     */
    @Test
    void onnxExportScoresAsTheSavedModelDoes(@TempDir Path dir) throws IOException {
        Path savedModel = DemoModel.ensure(DEMO);
        Path onnx = DemoModel.exportOnnx(ModelPackages.copy(savedModel, dir.resolve("demo"), DemoModel.metadata()));
        Files.move(onnx.resolve("model.onnx"), onnx.resolve("exported-from-pytorch.onnx"));
        Path slide = dir.resolve("slide.tiff");
        SyntheticSlideGenerator.generate(SyntheticSlideSpec.forTests(91), slide);
        GridGeometry grid = DemoGrids.of(slide);
        List<PatchRef> cells = new ArrayList<>();
        for (int col = 4; col < 28; col++) {
            cells.add(new PatchRef(col, 14, grid.originX(col), grid.originY(14)));
        }
        PatchPixels pixels;
        try (SlideCache cache = new SlideCache(1)) {
            pixels = new PatchReader(cache, new SlideRoots(List.of(dir))).read(new PatchBatch(Contract.SCHEMA_VERSION,
                    "s", "slide.tiff", 0, grid, Priority.ROUTINE, cells));
        }
        try (PatchModel tensorflow = PatchModel.load(savedModel, 1); PatchModel onnxRuntime = PatchModel.load(onnx, 1)) {
            assertEquals("OnnxRuntime", PatchModel.engineOf(onnxRuntime.metadata()));
            float[] expected = tensorflow.score(new ModelInputs(tensorflow.metadata()).tensors(pixels));
            float[] actual = onnxRuntime.score(new ModelInputs(onnxRuntime.metadata()).tensors(pixels));
            assertEquals(cells.size(), actual.length);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-5, "patch " + i);
            }
        }
    }

    @Test
    void aProbabilityMapGivesEachPatchItsMaximumAndAMisshapenOutputIsAnError() {
        float[] maps = {0.1f, 0.9f, 0.2f, 0.3f, /* patch 2 */ 0.05f, 0.01f, 0.02f, 0.03f};
        assertArrayEquals(new float[] {0.9f, 0.05f}, PatchModel.perPatch(maps, 2, true));
        assertArrayEquals(new float[] {0.4f, 0.6f}, PatchModel.perPatch(new float[] {0.4f, 0.6f}, 2, false));
        assertThrows(IllegalStateException.class, () -> PatchModel.perPatch(maps, 3, true));
        assertThrows(IllegalStateException.class, () -> PatchModel.perPatch(maps, 2, false));
    }

    @Test
    void imagenetPackagesGetImagenetNormalisedInputs() {
        ModelInputs inputs = new ModelInputs(ModelMetadata.of("resnet", "1",
                List.of(new ModelInput("patch", InputRole.PATCH, 8, 1.0)), "p", ModelMetadata.IMAGENET, 0.5));
        byte[] pixel = {(byte) 255, (byte) 128, 0};
        float[] out = new float[3];
        inputs.convert(pixel, 0, 1, 3, out, 0);
        assertEquals((1.0 - 0.485) / 0.229, out[0], 1e-6);
        assertEquals((128 / 255.0 - 0.456) / 0.224, out[1], 1e-6);
        assertEquals(-0.406 / 0.225, out[2], 1e-6);
    }

    @Test
    void channelsFirstKeepsEachChannelAsAPlane() {
        float[] nhwc = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}; // 2x2 pixels, RGB
        assertArrayEquals(new float[] {1, 4, 7, 10, 2, 5, 8, 11, 3, 6, 9, 12}, PatchModel.toChannelsFirst(nhwc, 1, 2));
    }
}
