package dev.descent.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** The engines on the class path, by name. */
public final class TrainingEngines {
    private TrainingEngines() {}

    public static List<TrainingEngine> all() {
        List<TrainingEngine> out = new ArrayList<>();
        ServiceLoader.load(TrainingEngine.class, TrainingEngines.class.getClassLoader())
                .forEach(out::add);
        return out;
    }

    /** The engine called {@code name}; fails naming the engines that exist. */
    public static TrainingEngine get(String name) {
        List<TrainingEngine> all = all();
        for (TrainingEngine e : all) if (e.name().equals(name)) return e;
        throw new ConfigException(
                "engine",
                "unknown engine '" + name + "'; available: "
                        + all.stream().map(TrainingEngine::name).toList());
    }
}
