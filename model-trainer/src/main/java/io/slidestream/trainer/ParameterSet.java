package io.slidestream.trainer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The named weight tensors of the network, as plain Java arrays. It carries weights from the He
 * initialiser into the training graph and from the training session into the export graph, so the
 * exported SavedModel holds only what inference needs (no Adam slots, no loss).
 */
final class ParameterSet {

    /** One tensor: name, shape and row-major values. */
    record Parameter(String name, long[] shape, float[] values) {
    }

    private final Map<String, Parameter> parameters;

    private ParameterSet(Map<String, Parameter> parameters) {
        this.parameters = Collections.unmodifiableMap(parameters);
    }

    /**
     * He-normal weights (std = sqrt(2 / fan-in), the right scale for ReLU layers) and zero biases,
     * drawn in declaration order from one seeded generator so a seed always gives the same network.
     */
    static ParameterSet heInitialised(Iterable<PatchClassifierNetwork.ParameterShape> shapes, long seed) {
        Random random = new Random(seed);
        Map<String, Parameter> values = new LinkedHashMap<>();
        for (PatchClassifierNetwork.ParameterShape shape : shapes) {
            float[] v = new float[Math.toIntExact(shape.size())];
            switch (shape.init()) {
                case HE_NORMAL -> {
                    double std = Math.sqrt(2.0 / shape.fanIn());
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) (random.nextGaussian() * std);
                    }
                }
                case ONES -> Arrays.fill(v, 1f);
                case ZEROS -> { }
            }
            values.put(shape.name(), new Parameter(shape.name(), shape.shape(), v));
        }
        return new ParameterSet(values);
    }

    static ParameterSet of(Iterable<Parameter> parameters) {
        Map<String, Parameter> values = new LinkedHashMap<>();
        parameters.forEach(p -> values.put(p.name(), p));
        return new ParameterSet(values);
    }

    Parameter get(String name) {
        Parameter p = parameters.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return p;
    }

    Iterable<Parameter> all() {
        return parameters.values();
    }

    /** Same names and shapes, all values zero (Adam's moments before the first step). */
    ParameterSet zeros() {
        List<Parameter> zeros = new ArrayList<>();
        for (Parameter p : parameters.values()) {
            zeros.add(new Parameter(p.name(), p.shape(), new float[p.values().length]));
        }
        return of(zeros);
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeInt(parameters.size());
        for (Parameter p : parameters.values()) {
            out.writeUTF(p.name());
            out.writeInt(p.shape().length);
            for (long dim : p.shape()) {
                out.writeLong(dim);
            }
            out.writeInt(p.values().length);
            for (float v : p.values()) {
                out.writeFloat(v);
            }
        }
    }

    static ParameterSet readFrom(DataInput in) throws IOException {
        int count = in.readInt();
        List<Parameter> read = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            long[] shape = new long[in.readInt()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = in.readLong();
            }
            float[] values = new float[in.readInt()];
            for (int v = 0; v < values.length; v++) {
                values[v] = in.readFloat();
            }
            read.add(new Parameter(name, shape, values));
        }
        return of(read);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ParameterSet other) || !parameters.keySet().equals(other.parameters.keySet())) {
            return false;
        }
        return parameters.values().stream().allMatch(p -> Arrays.equals(p.values(), other.get(p.name()).values()));
    }

    @Override
    public int hashCode() {
        return parameters.values().stream().mapToInt(p -> Arrays.hashCode(p.values())).sum();
    }
}
