package dev.descent.cli;

import dev.descent.spec.BuiltinModels;
import dev.descent.spec.ConfigException;
import dev.descent.spec.ModelSpec;
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
            String text;
            try {
                text = Files.readString(p);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read model spec " + p + ": " + e.getMessage());
            }
            try {
                return ModelSpec.fromJson(text);
            } catch (ConfigException e) {
                throw new IllegalArgumentException("model spec " + p + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("--model '" + value + "' is neither a built-in model ("
                + String.join(", ", BuiltinModels.names()) + ") nor a spec file");
    }
}
