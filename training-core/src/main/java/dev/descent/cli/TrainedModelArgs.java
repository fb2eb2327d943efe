package dev.descent.cli;

import dev.descent.spec.ModelSpec;
import dev.descent.train.TrainedModel;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model} and {@code --checkpoint}, shared by the commands that use a trained model (export, predict). */
final class TrainedModelArgs {

    @Option(
            names = "--model",
            description = "A built-in model or a spec JSON file (default: the spec the checkpoint names).")
    String model;

    @Option(names = "--checkpoint", required = true, description = "A checkpoint written by train --checkpoint.")
    Path checkpoint;

    /** The checkpoint's weights in eval mode, under the given spec or, without {@code --model}, the one it names. */
    TrainedModel load() {
        ModelSpec spec = model == null ? null : ModelArg.resolve(model);
        return TrainedModel.fromCheckpoint(CheckpointArg.read(checkpoint), spec);
    }
}
