package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.backend.DType;
import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafetensorsTest {

    @Test
    void roundTripsEveryDtypeAndTheMetadata() {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("weight", Tensor.randn(new Generator(1), 3, 4));
        in.put("weight_t", Tensor.randn(new Generator(2), 4, 3).t());
        in.put("step", Tensor.scalar(12, DType.INT64));
        in.put("mask", Tensor.fromArray(new boolean[] {true, false, true}));
        in.put("f64", Tensor.fromArray(new double[] {Math.PI, -1e300}));
        in.put("i32", Tensor.fromArray(new int[] {-7, 8}));
        in.put("u8", Tensor.fromBytes(new byte[] {(byte) 255, 0}, DType.UINT8));
        byte[] bytes = Safetensors.write(in, Map.of("epoch", "3"));

        Safetensors.Contents out = Safetensors.read(bytes);
        assertThat(out.metadata()).containsEntry("epoch", "3");
        assertThat(out.tensors().keySet()).containsExactlyElementsOf(in.keySet());
        for (var e : in.entrySet()) {
            Tensor t = out.tensors().get(e.getKey());
            assertThat(t.dtype()).isEqualTo(e.getValue().dtype());
            assertThat(t.sizes()).containsExactly(e.getValue().sizes());
            assertThat(t.toDoubleArray()).containsExactly(e.getValue().toDoubleArray());
        }
    }

    @Test
    void headerFollowsTheReferenceLayout() {
        byte[] bytes = Safetensors.write(Map.of("a", Tensor.fromArray(new float[] {1, 2})), Map.of());
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8).trim();
        assertThat(header).isEqualTo("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}");
        assertThat((8 + n) % 8).isZero();
        assertThat(ByteBuffer.wrap(bytes, (int) (8 + n), 4)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .getFloat())
                .isEqualTo(1f);
    }

    @Test
    void corruptFilesFailWithAReason() {
        assertThatThrownBy(() -> Safetensors.read(new byte[3])).hasMessageContaining("too short");
        byte[] good = Safetensors.write(Map.of("a", Tensor.ones(4)), Map.of());
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 4);
        assertThatThrownBy(() -> Safetensors.read(truncated))
                .hasMessageContaining("'a'")
                .hasMessageContaining("bytes of data");
        byte[] hugeHeader = good.clone();
        ByteBuffer.wrap(hugeHeader).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        assertThatThrownBy(() -> Safetensors.read(hugeHeader)).hasMessageContaining("header length");
    }
}
