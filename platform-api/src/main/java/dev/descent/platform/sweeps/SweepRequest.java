package dev.descent.platform.sweeps;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/sweeps} and {@code POST /api/sweeps/preview} as the OpenAPI document shows it.
 * {@link SweepService} reads the body field by field (so a refusal names the field, down to {@code parameters.<path>})
 * and accepts exactly these fields.
 */
@Schema(
        name = "SweepRequest",
        description =
                "A sweep over a base run config: a grid, random draws, or the optimizer shoot-out. Every generated"
                        + " config is validated before any run is queued. Unknown fields are refused with 400 naming them.",
        requiredProperties = {"experimentId", "base"})
record SweepRequest(
        @Schema(
                description = "How the configs are generated.",
                allowableValues = {"grid", "random", "optimizer-shootout"},
                defaultValue = "grid")
        String kind,

        @Schema(description = "Another name for kind (give one of them).", nullable = true)
        String strategy,

        @Schema(description = "The experiment the sweep's runs belong to.", example = "1")
        Long experimentId,

        @Schema(description = "A label for the sweep.", maxLength = 200, nullable = true, example = "lr-by-optimizer")
        String name,

        @Schema(
                description = "The run config every run starts from, as POST /api/runs takes it.",
                ref = "#/components/schemas/RunRequest")
        Object base,

        @Schema(
                description =
                        "Swept train-config fields by dotted path (optimizer.lr, batchSize, ...): a list of values,"
                                + " or a range {min, max, scale: linear|log, type: float|int} (random sweeps only). Not for a"
                                + " shoot-out.",
                example = "{\"optimizer.type\": [\"sgd\", \"adam\"], \"optimizer.lr\": {\"min\": 1e-4, \"max\": 1e-1,"
                        + " \"scale\": \"log\"}}")
        Map<String, Object> parameters,

        @Schema(
                description = "At most this many runs; required for random sweeps. A grid larger than it is refused.",
                minimum = "1",
                maximum = "" + SweepService.MAX_RUNS)
        Integer maxRuns,

        @Schema(description = "Seeds the random draws and every run; drawn when absent.", nullable = true)
        Long seed,

        @Schema(description = "The metric that ranks the runs and drives ASHA.", defaultValue = "val/loss")
        String metric,

        @Schema(
                description = "Whether the metric is better high or low; implied by its name when absent.",
                allowableValues = {"maximize", "minimize"})
        String goal,

        @Schema(
                description = "Asynchronous successive halving: {type: asha, rungs: epoch, minResource >= 1,"
                        + " reductionFactor >= 2}. A run stopped at a rung ends CANCELLED, 'stopped early by ASHA at"
                        + " epoch N'.",
                nullable = true,
                example = "{\"type\": \"asha\", \"rungs\": \"epoch\", \"minResource\": 1, \"reductionFactor\": 3}")
        Map<String, Object> earlyStopping,

        @Schema(
                description = "The shoot-out's optimizers (types, or optimizer objects as a run takes them), at most "
                        + SweepService.MAX_OPTIMIZERS
                        + ".",
                example = "[\"sgd\", \"momentum\", \"rmsprop\", \"adam\"]")
        List<Object> optimizers,

        @Schema(
                description = "The shoot-out's learning rates: \"auto\" (a learning-rate range test per optimizer) or"
                        + " a map from optimizer type to rate.",
                example = "auto")
        Object lrs,

        @Schema(
                description = "The shoot-out's target value of the metric; the worst of the runs' best values when"
                        + " absent.",
                nullable = true)
        Double target) {}
