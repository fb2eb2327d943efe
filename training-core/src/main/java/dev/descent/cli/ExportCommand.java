package dev.descent.cli;

import dev.descent.onnx.OnnxExport;
import dev.descent.train.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Writes a trained model's inference graph as ONNX. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Export a trained model as ONNX (opset 17, dynamic batch dimension, eval mode).")
final class ExportCommand implements Callable<Integer> {

    @Mixin
    TrainedModelArgs trainedModel;

    @Option(names = "--onnx", required = true, description = "The .onnx file to write.")
    Path onnx;

    @Override
    public Integer call() throws IOException {
        TrainedModel trained = trainedModel.load();
        FileArgs.checkWritable("--onnx", onnx);
        byte[] bytes = OnnxExport.toBytes(trained.plan(), trained.state());
        Path tmp = Files.createTempFile(onnx.toAbsolutePath().getParent(), ".descent-export", ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, onnx, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf(
                "%s: %s, input %s [batch, %s] -> output [batch, %s], opset %d, %,d bytes%n",
                onnx,
                trained.spec().name(),
                OnnxExport.INPUT,
                joined(trained.spec().input()),
                joined(trained.plan().outputShape()),
                OnnxExport.OPSET,
                bytes.length);
        return 0;
    }

    private static String joined(int[] dims) {
        String s = Arrays.toString(dims);
        return s.substring(1, s.length() - 1);
    }
}
