package dev.descent.io;

import dev.descent.backend.DType;
import dev.descent.backend.HostArrays;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The safetensors format: an 8-byte little-endian header length, a JSON header mapping each name to its dtype, shape
 * and byte range (plus an optional {@code __metadata__} map of strings), then the raw little-endian data. Files written
 * here load in PyTorch's {@code safetensors.torch.load_file} and back.
 */
public final class Safetensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;

    private Safetensors() {}

    /** Named tensors and string metadata, in file order. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    public static byte[] write(Map<String, Tensor> tensors, Map<String, String> metadata) {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (var e : tensors.entrySet()) {
            Tensor t = e.getValue();
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", code(t.dtype()));
            var shape = entry.putArray("shape");
            for (int s : t.sizes()) shape.add(s);
            long bytes = (long) t.numel() * t.dtype().byteSize();
            entry.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] head = header.toString().getBytes(StandardCharsets.UTF_8);
        int pad = (8 - head.length % 8) % 8; // keep the data 8-byte aligned, as the reference writer does
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(8 + head.length + pad + offset))
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(head.length + pad).put(head);
        for (int i = 0; i < pad; i++) buf.put((byte) ' ');
        for (Tensor t : tensors.values()) putData(buf, t);
        return buf.array();
    }

    public static Contents read(byte[] bytes) {
        if (bytes.length < 8)
            throw new IllegalArgumentException(
                    "safetensors: file is " + bytes.length + " bytes, too short for the 8-byte header length");
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buf.getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER || 8 + headerLength > bytes.length) {
            throw new IllegalArgumentException("safetensors: header length " + headerLength + " does not fit a file of "
                    + bytes.length + " bytes");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("safetensors: the header is not valid JSON: " + e.getMessage());
        }
        long dataStart = 8 + headerLength, dataLength = bytes.length - dataStart;
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (var e : header.properties()) {
            String name = e.getKey();
            JsonNode v = e.getValue();
            if (name.equals("__metadata__")) {
                for (var m : v.properties())
                    metadata.put(m.getKey(), m.getValue().asString());
                continue;
            }
            DType dtype = dtype(name, v.path("dtype").asString(""));
            JsonNode shapeNode = v.path("shape"), offsets = v.path("data_offsets");
            int[] shape = new int[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) shape[i] = shapeNode.get(i).asInt();
            long begin = offsets.path(0).asLong(-1), end = offsets.path(1).asLong(-1);
            long expected = (long) Shape.of(shape).numel() * dtype.byteSize();
            if (begin < 0 || end < begin || end > dataLength || end - begin != expected) {
                throw new IllegalArgumentException("safetensors: tensor '" + name + "' claims bytes [" + begin + ", "
                        + end + ") for shape " + java.util.Arrays.toString(shape) + " of " + dtype.label() + " ("
                        + expected + " bytes) in " + dataLength + " bytes of data");
            }
            ByteBuffer slice = ByteBuffer.wrap(bytes, (int) (dataStart + begin), (int) expected)
                    .order(ByteOrder.LITTLE_ENDIAN);
            tensors.put(name, getData(slice, dtype, shape));
        }
        return new Contents(tensors, metadata);
    }

    private static String code(DType d) {
        return switch (d) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case INT64 -> "I64";
            case INT32 -> "I32";
            case INT8 -> "I8";
            case UINT8 -> "U8";
            case BOOL -> "BOOL";
        };
    }

    private static DType dtype(String name, String code) {
        return switch (code) {
            case "F32" -> DType.FLOAT32;
            case "F64" -> DType.FLOAT64;
            case "I64" -> DType.INT64;
            case "I32" -> DType.INT32;
            case "I8" -> DType.INT8;
            case "U8" -> DType.UINT8;
            case "BOOL" -> DType.BOOL;
            default ->
                throw new IllegalArgumentException(
                        "safetensors: tensor '" + name + "' has unsupported dtype '" + code + "'");
        };
    }

    private static void putData(ByteBuffer buf, Tensor t) {
        switch (t.dtype()) {
            case FLOAT32 -> buf.asFloatBuffer().put(t.toFloatArray());
            case FLOAT64 -> buf.asDoubleBuffer().put(t.toDoubleArray());
            case INT64 -> buf.asLongBuffer().put(t.toLongArray());
            case INT32 -> buf.asIntBuffer().put(t.toIntArray());
            case INT8, UINT8, BOOL -> {
                Object host = HostArrays.allocate(t.dtype(), t.numel());
                t.backend().toHost(t, host);
                buf.duplicate().put((byte[]) host);
            }
        }
        buf.position(buf.position() + t.numel() * t.dtype().byteSize());
    }

    private static Tensor getData(ByteBuffer b, DType dtype, int[] shape) {
        int n = Shape.of(shape).numel();
        return switch (dtype) {
            case FLOAT32 -> {
                float[] a = new float[n];
                b.asFloatBuffer().get(a);
                yield Tensor.fromArray(a).reshape(shape);
            }
            case FLOAT64 -> {
                double[] a = new double[n];
                b.asDoubleBuffer().get(a);
                yield Tensor.fromArray(a).reshape(shape);
            }
            case INT64 -> {
                long[] a = new long[n];
                b.asLongBuffer().get(a);
                yield Tensor.fromArray(a).reshape(shape);
            }
            case INT32 -> {
                int[] a = new int[n];
                b.asIntBuffer().get(a);
                yield Tensor.fromArray(a).reshape(shape);
            }
            case INT8, UINT8, BOOL -> {
                byte[] a = new byte[n];
                b.get(a);
                yield Tensor.fromBytes(a, dtype).reshape(shape);
            }
        };
    }
}
