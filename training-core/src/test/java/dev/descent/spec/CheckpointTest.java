package dev.descent.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.io.Safetensors;
import dev.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointTest {

    @Test
    void modelWeightsKeepOnlyTheModelsTensorsUnderTheirStateDictNamesWithThePosition() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put(
                "model.0.weight",
                Tensor.fromArray(new float[] {1, 2, 3, 4, 5, 6}).reshape(3, 2));
        tensors.put("model.0.bias", Tensor.fromArray(new float[] {7, 8, 9}));
        tensors.put("optimizer.0.v", Tensor.fromArray(new float[] {0, 0, 0}));
        byte[] bytes = Safetensors.write(
                tensors, Map.of("format", "descent-checkpoint/1", "engine", "native", "epoch", "2", "step", "40"));

        Safetensors.Contents model = Safetensors.read(new Checkpoint(2, 40, bytes).modelWeights());

        assertThat(model.tensors()).containsOnlyKeys("0.weight", "0.bias");
        assertThat(model.tensors().get("0.weight").sizes()).containsExactly(3, 2);
        assertThat(model.tensors().get("0.weight").toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(model.tensors().get("0.bias").toFloatArray()).containsExactly(7, 8, 9);
        assertThat(model.metadata())
                .containsEntry("format", Checkpoint.MODEL_FORMAT)
                .containsEntry("engine", "native")
                .containsEntry("epoch", "2")
                .containsEntry("step", "40")
                .doesNotContainKey("optimizer.0.v");
    }

    @Test
    void aCheckpointWithoutModelTensorsHasNoModelWeights() {
        byte[] bytes = Safetensors.write(Map.of("optimizer.v", Tensor.fromArray(new float[] {1})), Map.of());
        assertThatThrownBy(() -> new Checkpoint(1, 1, bytes).modelWeights())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no model.* tensor");
    }
}
