package dev.descent.onnx;

import com.google.protobuf.ByteString;
import dev.descent.onnx.proto.Onnx.AttributeProto;
import dev.descent.onnx.proto.Onnx.GraphProto;
import dev.descent.onnx.proto.Onnx.NodeProto;
import dev.descent.onnx.proto.Onnx.TensorProto;
import dev.descent.onnx.proto.Onnx.TensorShapeProto;
import dev.descent.onnx.proto.Onnx.TypeProto;
import dev.descent.onnx.proto.Onnx.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds one ONNX graph: adds initializers and nodes under fresh names, so a layer's exporter reads as the ops it emits
 * ({@code relu(x)}, {@code node("Conv", ...)}).
 */
final class GraphWriter {
    static final String BATCH = "batch";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int counter;

    GraphWriter(String name) {
        graph.setName(name);
    }

    /** A fresh value name with a readable prefix. */
    String fresh(String prefix) {
        return prefix + "_" + counter++;
    }

    /** A float32 initializer of the given shape (row-major values). */
    String floats(String prefix, float[] values, long... dims) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) buf.putFloat(v);
        return initializer(prefix, TensorProto.DataType.FLOAT, buf.array(), dims);
    }

    /** An int64 initializer (shapes, pads, axes, slice bounds). */
    String longs(String prefix, long... values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) buf.putLong(v);
        return initializer(prefix, TensorProto.DataType.INT64, buf.array(), values.length);
    }

    /** A float32 scalar initializer. */
    String scalar(String prefix, float value) {
        return floats(prefix, new float[] {value});
    }

    private String initializer(String prefix, TensorProto.DataType type, byte[] raw, long... dims) {
        String name = fresh(prefix);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        for (long d : dims) t.addDims(d);
        graph.addInitializer(t.setRawData(ByteString.copyFrom(raw)));
        return name;
    }

    /** Adds a node with one output and returns that output's name. */
    String node(String op, String[] inputs, AttributeProto... attributes) {
        return node(op, inputs, 1, attributes)[0];
    }

    /** Adds a node with {@code outputs} outputs (an empty name skips an optional input). */
    String[] node(String op, String[] inputs, int outputs, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(fresh(op));
        for (String in : inputs) n.addInput(in);
        String[] out = new String[outputs];
        for (int i = 0; i < outputs; i++) {
            out[i] = fresh(op.toLowerCase(java.util.Locale.ROOT));
            n.addOutput(out[i]);
        }
        for (AttributeProto a : attributes) n.addAttribute(a);
        graph.addNode(n);
        return out;
    }

    String unary(String op, String x, AttributeProto... attributes) {
        return node(op, new String[] {x}, attributes);
    }

    String binary(String op, String a, String b) {
        return node(op, new String[] {a, b});
    }

    void input(String name, TensorProto.DataType type, int[] sampleShape) {
        graph.addInput(valueInfo(name, type, sampleShape));
    }

    void output(String name, TensorProto.DataType type, int[] sampleShape) {
        graph.addOutput(valueInfo(name, type, sampleShape));
    }

    /** Renames the value {@code from} to {@code to} with an Identity node (graph outputs get a stable name). */
    void identity(String from, String to) {
        graph.addNode(NodeProto.newBuilder()
                .setOpType("Identity")
                .setName(fresh("Identity"))
                .addInput(from)
                .addOutput(to));
    }

    GraphProto build() {
        return graph.build();
    }

    private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, int[] sampleShape) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        for (int d : sampleShape)
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        TypeProto type1 = TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(type.getNumber())
                        .setShape(shape))
                .build();
        return ValueInfoProto.newBuilder().setName(name).setType(type1).build();
    }

    static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }

    static AttributeProto attr(String name, float value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.FLOAT)
                .setF(value)
                .build();
    }

    static AttributeProto attr(String name, String value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value))
                .build();
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) a.addInts(v);
        return a.build();
    }

    static AttributeProto ints(String name, int... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (int v : values) a.addInts(v);
        return a.build();
    }

    static AttributeProto strings(String name, String... values) {
        AttributeProto.Builder a =
                AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS);
        for (String v : values) a.addStrings(ByteString.copyFromUtf8(v));
        return a.build();
    }
}
