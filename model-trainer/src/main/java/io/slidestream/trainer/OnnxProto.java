package io.slidestream.trainer;

import com.google.protobuf.CodedOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The few ONNX protobuf messages the demo model's graph needs, encoded with protobuf's
 * {@link CodedOutputStream} instead of classes generated from onnx.proto: the project has protobuf-java
 * (through TensorFlow Java) but no protoc step, and a dozen fields do not justify one. Field numbers are
 * those of onnx/onnx.proto, stable across IR versions (protobuf never renumbers a field).
 *
 * <p>Nested messages are encoded on their own first and written as length-delimited bytes, which is how
 * protobuf stores every embedded message. Repeated scalars are written unpacked, one tag per value,
 * which both proto2 and proto3 parsers accept.
 */
final class OnnxProto {

    /** IR version 8 (ONNX 1.10+); ONNX Runtime 1.21 reads up to 10. */
    static final long IR_VERSION = 8;
    /** Default-domain opset 13: ReduceMean still takes its axes as an attribute (they became an input in 18). */
    static final long OPSET = 13;

    /** TensorProto.DataType values. */
    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    /** AttributeProto.AttributeType values. */
    private static final int ATTRIBUTE_INT = 2;
    private static final int ATTRIBUTE_INTS = 7;

    private OnnxProto() {
    }

    /** ModelProto: ir_version 1, producer_name 2, producer_version 3, graph 7, opset_import 8. */
    static byte[] model(String producer, String producerVersion, Message graph) {
        Message opset = new Message().int64(2, OPSET); // OperatorSetIdProto.version; domain "" is the default ONNX one
        return new Message().int64(1, IR_VERSION).string(2, producer).string(3, producerVersion)
                .message(7, graph).message(8, opset).toByteArray();
    }

    /** GraphProto: node 1, name 2, initializer 5, input 11, output 12. */
    static Message graph(String name, List<Message> nodes, List<Message> initializers,
                         List<Message> inputs, List<Message> outputs) {
        Message graph = new Message();
        nodes.forEach(n -> graph.message(1, n));
        graph.string(2, name);
        initializers.forEach(t -> graph.message(5, t));
        inputs.forEach(v -> graph.message(11, v));
        outputs.forEach(v -> graph.message(12, v));
        return graph;
    }

    /** NodeProto: input 1, output 2, name 3, op_type 4, attribute 5. The node is named after its output. */
    static Message node(String opType, List<String> inputs, String output, Message... attributes) {
        Message node = new Message();
        inputs.forEach(i -> node.string(1, i));
        node.string(2, output).string(3, output).string(4, opType);
        for (Message attribute : attributes) {
            node.message(5, attribute);
        }
        return node;
    }

    /** AttributeProto of one integer: name 1, i 3, type 20. */
    static Message intAttribute(String name, long value) {
        return new Message().string(1, name).int64(3, value).int64(20, ATTRIBUTE_INT);
    }

    /** AttributeProto of integers: name 1, ints 8, type 20. */
    static Message intsAttribute(String name, long... values) {
        Message attribute = new Message().string(1, name);
        for (long v : values) {
            attribute.int64(8, v);
        }
        return attribute.int64(20, ATTRIBUTE_INTS);
    }

    /** TensorProto of floats, row-major: dims 1, data_type 2, name 8, raw_data 9 (little-endian IEEE 754). */
    static Message floatTensor(String name, long[] dims, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return tensor(name, dims, FLOAT, raw.array());
    }

    /** TensorProto of 64-bit integers, as Reshape's target shape is. */
    static Message int64Tensor(String name, long[] dims, long[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        return tensor(name, dims, INT64, raw.array());
    }

    private static Message tensor(String name, long[] dims, int dataType, byte[] raw) {
        Message tensor = new Message();
        for (long d : dims) {
            tensor.int64(1, d);
        }
        return tensor.int64(2, dataType).string(8, name).bytes(9, raw);
    }

    /**
     * ValueInfoProto of a float tensor (name 1, type 2), for graph inputs and outputs. Its TypeProto holds a
     * tensor_type (1) with elem_type (1) and a TensorShapeProto shape (2) of one Dimension (dim, 1) each:
     * dim_value (1) for a number, dim_param (2) for a String: a symbolic dimension such as the batch size.
     */
    static Message floatValueInfo(String name, Object... dims) {
        Message shape = new Message();
        for (Object d : dims) {
            Message dim = new Message();
            if (d instanceof String symbol) {
                dim.string(2, symbol);
            } else {
                dim.int64(1, ((Number) d).longValue());
            }
            shape.message(1, dim);
        }
        Message tensorType = new Message().int64(1, FLOAT).message(2, shape);
        return new Message().string(1, name).message(2, new Message().message(1, tensorType));
    }

    /** One message being encoded, its fields in the order written. */
    static final class Message {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

        /** An int64 or int32 or enum field: all three are the same varint on the wire for non-negative values. */
        Message int64(int field, long value) {
            return write(() -> out.writeInt64(field, value));
        }

        Message string(int field, String value) {
            return write(() -> out.writeString(field, value));
        }

        Message bytes(int field, byte[] value) {
            return write(() -> out.writeByteArray(field, value));
        }

        Message message(int field, Message message) {
            return bytes(field, message.toByteArray());
        }

        byte[] toByteArray() {
            write(out::flush);
            return bytes.toByteArray();
        }

        private Message write(IoAction action) {
            try {
                action.run();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot encode an ONNX message", e); // a byte array does not fail
            }
            return this;
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
