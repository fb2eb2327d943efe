package dev.descent.cli;

import dev.descent.train.BuiltinModels;
import dev.descent.train.ModelSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resolves {@code --model}: a built-in name or a path to a spec JSON file. */
final class ModelArg {
    private ModelArg() {}

    static ModelSpec resolve(String value) {
        if (BuiltinModels.isBuiltin(value)) return BuiltinModels.builtin(value);
        Path p = Path.of(value);
        if (Files.isRegularFile(p)) {
            try {
                return ModelSpec.fromJson(Files.readString(p));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read model spec " + p + ": " + e.getMessage());
            }
        }
        throw new IllegalArgumentException("--model '" + value + "' is neither a built-in model (" + String.join(", ", BuiltinModels.names())
                + ") nor a spec file");
    }
}
