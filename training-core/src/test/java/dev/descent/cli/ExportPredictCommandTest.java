package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.backend.Generator;
import dev.descent.io.Safetensors;
import dev.descent.onnx.OnnxExport;
import dev.descent.onnx.proto.Onnx;
import dev.descent.spec.BuiltinModels;
import dev.descent.spec.ModelSpec;
import dev.descent.tensor.Tensor;
import dev.descent.testing.CliRun;
import dev.descent.testing.IdxFiles;
import dev.descent.train.ModelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code descent export} and {@code descent predict} on a checkpoint of keras-mlp. */
class ExportPredictCommandTest {
    @TempDir
    Path dir;

    Path checkpoint;

    @BeforeEach
    void writeCheckpoint() throws Exception {
        ModelSpec spec = BuiltinModels.builtin("keras-mlp");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        ModelBuilder.build(spec, new Generator(3)).stateDict().forEach((k, v) -> tensors.put("model." + k, v));
        checkpoint = dir.resolve("ckpt.safetensors");
        Files.write(checkpoint, Safetensors.write(tensors, Map.of("model_spec", spec.json())));
    }

    @Test
    void exportWritesAnOnnxModelWithADynamicBatchAndTheSpecInItsMetadata() throws Exception {
        Path onnx = dir.resolve("out/model.onnx");
        CliRun r = CliRun.run("export", "--checkpoint", checkpoint.toString(), "--onnx", onnx.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("keras-mlp", "opset 17", "[batch, 1, 28, 28]", "[batch, 10]");
        Onnx.ModelProto m = Onnx.ModelProto.parseFrom(Files.readAllBytes(onnx));
        assertThat(m.getOpsetImport(0).getVersion()).isEqualTo(OnnxExport.OPSET);
        var input = m.getGraph().getInput(0).getType().getTensorType().getShape();
        assertThat(input.getDim(0).getDimParam()).isEqualTo("batch");
        assertThat(input.getDim(2).getDimValue()).isEqualTo(28);
        assertThat(m.getGraph().getNodeList()).noneMatch(n -> n.getOpType().equals("Dropout"));
        assertThat(m.getMetadataProps(0).getValue()).contains("keras-mlp");
    }

    @Test
    void exportRefusesASpecOtherThanTheCheckpointsAndAMissingFile() {
        CliRun wrong = CliRun.run(
                "export",
                "--model",
                "lenet",
                "--checkpoint",
                checkpoint.toString(),
                "--onnx",
                dir.resolve("m.onnx").toString());
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).contains("'keras-mlp', not for 'lenet'");
        CliRun missing = CliRun.run(
                "export",
                "--checkpoint",
                dir.resolve("nope").toString(),
                "--onnx",
                dir.resolve("m.onnx").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("--checkpoint", "does not exist");
    }

    @Test
    void predictPrintsTheTopClassesOfEachImageOfAnIdxFile() throws Exception {
        Path idx = dir.resolve("images-idx3-ubyte");
        Files.write(idx, IdxFiles.images(4, 28, 28, 1));
        CliRun r = CliRun.run("predict", "--checkpoint", checkpoint.toString(), "--data", idx.toString(), "--top", "2");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.lines();
        assertThat(lines).hasSize(4);
        assertThat(lines.getFirst()).matches("0\\s+\\d \\(p 0\\.\\d{4}\\)  \\d \\(p 0\\.\\d{4}\\)");
    }

    @Test
    void predictWritesProbabilitiesThatSumToOneAsCsv() throws Exception {
        Path rows = dir.resolve("rows.csv");
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < 3; r++) {
            for (int i = 0; i < 784; i++) text.append(i == 0 ? "" : ",").append((r * 7 + i) % 10 / 10.0);
            text.append('\n');
        }
        Files.writeString(rows, text);
        Path csv = dir.resolve("p.csv");
        CliRun r = CliRun.run(
                "predict", "--checkpoint", checkpoint.toString(), "--data", rows.toString(), "--out", csv.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.getFirst()).startsWith("index,predicted,p_0,").endsWith(",p_9");
        assertThat(lines).hasSize(4);
        String[] cells = lines.get(1).split(",", -1);
        double sum = 0;
        for (int c = 2; c < cells.length; c++) sum += Double.parseDouble(cells[c]);
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void predictNamesARowOfTheWrongLength() throws Exception {
        Path rows = dir.resolve("short.csv");
        Files.writeString(rows, "1,2,3\n");
        CliRun r = CliRun.run("predict", "--checkpoint", checkpoint.toString(), "--data", rows.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("row 0 has 3 values", "takes 784 per example");
    }
}
