package io.slidestream.trainer;

import io.slidestream.core.model.ModelInput;
import io.slidestream.core.model.ModelMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes trained weights as an ONNX model ({@value #MODEL_FILE}) plus the {@link ModelMetadata} file:
 * the network of {@link PatchClassifierNetwork}, laid out as a PyTorch export would be, so the
 * inference worker runs it through ONNX Runtime exactly as it would run a model trained in PyTorch.
 *
 * <ul>
 *   <li>the metadata's inputs by name ({@value SavedModelExporter#PATCH_INPUT}, and
 *       {@value SavedModelExporter#CONTEXT_INPUT} for the two-tower model), float [N, 3, size, size] (NCHW),
 *       scaled as in training (v / 127.5 − 1);</li>
 *   <li>output {@value SavedModelExporter#OUTPUT}, float [N];</li>
 *   <li>weights as initializers, each stored once; conv kernels turned from TensorFlow's HWIO into
 *       ONNX's OIHW, dense kernels kept as [in, out] for Gemm.</li>
 * </ul>
 */
final class OnnxExporter {

    static final String MODEL_FILE = "model.onnx";
    private static final String BATCH = "N";
    private static final String FLAT_SHAPE = "flat_shape";

    private OnnxExporter() {
    }

    /** The demo model's description for this package: ONNX Runtime, NCHW, otherwise as the SavedModel's. */
    static ModelMetadata metadata(ModelMetadata savedModel) {
        return savedModel.withEngine(ModelMetadata.ENGINE_ONNXRUNTIME).withLayout(ModelMetadata.LAYOUT_NCHW);
    }

    /** Writes {@value #MODEL_FILE} and the metadata into {@code dir}, replacing a model already there whole. */
    static void export(ParameterSet parameters, ModelMetadata metadata, Path dir) {
        try {
            Files.createDirectories(dir);
            Path partial = dir.resolve(MODEL_FILE + ".partial");
            Files.write(partial, model(parameters, metadata));
            Files.move(partial, dir.resolve(MODEL_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export the ONNX model into " + dir, e);
        }
        metadata.write(dir);
    }

    /** The ONNX ModelProto bytes. */
    static byte[] model(ParameterSet parameters, ModelMetadata metadata) {
        ModelKind kind = ModelKind.of(metadata);
        if (!kind.exportsOnnx()) {
            throw new IllegalArgumentException("no ONNX export for " + kind.id() + " models; use the SavedModel");
        }
        Graph g = new Graph(parameters);
        List<String> towers = new ArrayList<>();
        List<OnnxProto.Message> inputs = new ArrayList<>();
        for (ModelInput input : metadata.inputs()) {
            towers.add(g.convolutions(input.name(), input.name()));
            inputs.add(OnnxProto.floatValueInfo(input.name(), BATCH, PatchClassifierNetwork.CHANNELS, input.size(), input.size()));
        }
        List<OnnxProto.Message> outputs;
        if (kind.mapSize() > 0) {
            // [N, 1, m, m] -> [N, m, m], as the SavedModel's output.
            String head = PatchClassifierNetwork.PIXEL_HEAD;
            String pixels = g.node("Conv", List.of(towers.getFirst(), g.convKernel(head + ".kernel"), g.bias(head + ".bias")),
                    head, OnnxProto.intsAttribute("kernel_shape", 1, 1));
            String probability = g.node("Sigmoid", List.of(pixels), "head.probability");
            int m = kind.mapSize();
            g.initializers.add(OnnxProto.int64Tensor(FLAT_SHAPE, new long[] {3}, new long[] {-1, m, m}));
            g.node("Reshape", List.of(probability, FLAT_SHAPE), SavedModelExporter.OUTPUT);
            outputs = List.of(OnnxProto.floatValueInfo(SavedModelExporter.OUTPUT, BATCH, m, m));
        } else {
            List<String> means = new ArrayList<>();
            for (int i = 0; i < towers.size(); i++) {
                // NCHW: height and width are axes 2 and 3 (TensorFlow's 1 and 2).
                means.add(g.node("ReduceMean", List.of(towers.get(i)), metadata.inputs().get(i).name() + "_tower.mean",
                        OnnxProto.intsAttribute("axes", 2, 3), OnnxProto.intAttribute("keepdims", 0)));
            }
            // Tower features in input order: the order of PatchClassifierNetwork's concat.
            String features = means.size() == 1 ? means.getFirst()
                    : g.node("Concat", means, "head.features", OnnxProto.intAttribute("axis", 1));
            String hidden = g.node("Relu", List.of(g.dense("head.dense1", features)), "head.dense1.relu");
            String probability = g.node("Sigmoid", List.of(g.dense("head.dense2", hidden)), "head.probability");
            // [N, 1] -> [N], as the SavedModel's output.
            g.initializers.add(OnnxProto.int64Tensor(FLAT_SHAPE, new long[] {1}, new long[] {-1}));
            g.node("Reshape", List.of(probability, FLAT_SHAPE), SavedModelExporter.OUTPUT);
            outputs = List.of(OnnxProto.floatValueInfo(SavedModelExporter.OUTPUT, BATCH));
        }
        return OnnxProto.model("slidestream-model-trainer", metadata.version(),
                OnnxProto.graph(metadata.name(), g.nodes, g.initializers, inputs, outputs));
    }

    /** The nodes and initializers written so far, in topological order. */
    private static final class Graph {
        private final ParameterSet parameters;
        private final List<OnnxProto.Message> nodes = new ArrayList<>();
        private final List<OnnxProto.Message> initializers = new ArrayList<>();

        Graph(ParameterSet parameters) {
            this.parameters = parameters;
        }

        /**
         * One tower's 3×3 convolutions with TensorFlow's SAME padding (one pixel each side at stride 1), ReLU,
         * and 2×2 max pooling between them: [N, 64, size/4, size/4].
         */
        String convolutions(String tower, String input) {
            String x = input;
            for (int i = 0; i < PatchClassifierNetwork.TOWER_FILTERS.length; i++) {
                String name = PatchClassifierNetwork.convName(tower, i);
                x = node("Conv", List.of(x, convKernel(name + ".kernel"), bias(name + ".bias")), name,
                        OnnxProto.intsAttribute("kernel_shape", 3, 3), OnnxProto.intsAttribute("pads", 1, 1, 1, 1),
                        OnnxProto.intsAttribute("strides", 1, 1));
                x = node("Relu", List.of(x), name + ".relu");
                if (i < PatchClassifierNetwork.TOWER_FILTERS.length - 1) {
                    x = node("MaxPool", List.of(x), name + ".pool",
                            OnnxProto.intsAttribute("kernel_shape", 2, 2), OnnxProto.intsAttribute("strides", 2, 2));
                }
            }
            return x;
        }

        /** x · kernel + bias, with the kernel [in, out] as TensorFlow's matMul takes it. */
        String dense(String name, String input) {
            ParameterSet.Parameter kernel = parameters.get(name + ".kernel");
            initializers.add(OnnxProto.floatTensor(kernel.name(), kernel.shape(), kernel.values()));
            return node("Gemm", List.of(input, kernel.name(), bias(name + ".bias")), name);
        }

        String node(String opType, List<String> inputs, String output, OnnxProto.Message... attributes) {
            nodes.add(OnnxProto.node(opType, inputs, output, attributes));
            return output;
        }

        String bias(String name) {
            ParameterSet.Parameter bias = parameters.get(name);
            initializers.add(OnnxProto.floatTensor(bias.name(), bias.shape(), bias.values()));
            return bias.name();
        }

        /** TensorFlow's conv kernel [kh, kw, in, out] as ONNX's [out, in, kh, kw], under the same name. */
        String convKernel(String name) {
            ParameterSet.Parameter hwio = parameters.get(name);
            long[] s = hwio.shape();
            int kh = (int) s[0];
            int kw = (int) s[1];
            int in = (int) s[2];
            int out = (int) s[3];
            float[] oihw = new float[hwio.values().length];
            for (int h = 0; h < kh; h++) {
                for (int w = 0; w < kw; w++) {
                    for (int i = 0; i < in; i++) {
                        for (int o = 0; o < out; o++) {
                            oihw[((o * in + i) * kh + h) * kw + w] = hwio.values()[((h * kw + w) * in + i) * out + o];
                        }
                    }
                }
            }
            initializers.add(OnnxProto.floatTensor(name, new long[] {out, in, kh, kw}, oihw));
            return name;
        }
    }
}
