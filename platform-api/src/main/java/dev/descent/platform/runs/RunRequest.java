package dev.descent.platform.runs;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /api/runs} (and, every field optional, of {@code POST /api/runs/{id}/clone}) as the OpenAPI
 * document shows it: where the run belongs, then the train config's fields at the top level. {@link RunService} reads
 * the body field by field, so a refusal names the field in the API's own words ({@code optimizer.lr}); it accepts the
 * fields listed here ({@link RunService#RUN_FIELDS}, {@link RunService#CONFIG_FIELDS}), and training-core checks the
 * optimizer's and schedule's options.
 */
@Schema(
        name = "RunRequest",
        description = "A run to queue: which experiment, dataset and model, and how to train (the train config's"
                + " fields sit at the top level). Unknown fields are refused with 400 naming them.",
        requiredProperties = {"experimentId", "datasetId", "modelId", "optimizer"})
record RunRequest(
        @Schema(description = "The experiment the run belongs to.", example = "1")
        Long experimentId,

        @Schema(description = "The dataset to train on (GET /api/datasets).", example = "1")
        Long datasetId,

        @Schema(
                description = "The model config to train (GET /api/models); its loss must suit the dataset.",
                example = "1")
        Long modelId,

        @Schema(description = "A label for the run.", maxLength = 200, nullable = true, example = "adam-lr1e-3")
        String name,

        @Schema(
                description = "Higher runs are claimed first; equal priorities in submission order.",
                minimum = "-1000000",
                maximum = "1000000",
                defaultValue = "0")
        Integer priority,

        @Schema(
                description = "How many times a run whose worker died is retried from its last checkpoint"
                        + " (default: descent.queue.max-attempts).",
                minimum = "1",
                maximum = "100",
                defaultValue = "3")
        Integer maxAttempts,

        @Schema(
                description = "Fail the run once it has run this long; none: no limit.",
                minimum = "1",
                maximum = "525600",
                nullable = true)
        Integer timeoutMinutes,

        @Schema(description = "The optimizer and its hyper-parameters.")
        Optimizer optimizer,

        @Schema(description = "A learning-rate schedule; none keeps the learning rate constant.", nullable = true)
        Schedule schedule,

        @Schema(description = "Examples per optimizer step.", minimum = "1", defaultValue = "32", example = "128")
        Integer batchSize,

        @Schema(
                description = "Passes over the training set; at most descent.queue.max-epochs (10000).",
                minimum = "1",
                maximum = "10000",
                defaultValue = "1",
                example = "5")
        Integer epochs,

        @Schema(
                description = "Fixes initial weights, data order, dropout and the validation split: the same"
                        + " seed, data and config give the same curve on the same engine.",
                defaultValue = "0",
                example = "42")
        Long seed,

        @Schema(
                description = "Fraction of the training set held out to measure val/loss and val/accuracy"
                        + " each epoch, in [0, 1); 0: no validation.",
                minimum = "0",
                exclusiveMaximumValue = 1,
                defaultValue = "0",
                example = "0.1")
        Double valSplit,

        @Schema(
                description = "Which training engine runs it: Descent's own, or libtorch through DJL.",
                allowableValues = {"native", "djl"},
                defaultValue = "native")
        String engine,

        @Schema(
                description = "auto picks cuda when a worker has a GPU, else cpu.",
                allowableValues = {"auto", "cpu", "cuda"},
                defaultValue = "auto")
        String device,

        @Schema(
                description = "Stop after this many epochs without a better validation loss (needs valSplit >"
                        + " 0); 0 disables early stopping.",
                minimum = "0",
                defaultValue = "0",
                example = "3")
        Integer earlyStoppingPatience,

        @Schema(
                description = "Clip the global gradient norm to this value before each step; 0 disables" + " clipping.",
                minimum = "0",
                defaultValue = "0",
                example = "1.0")
        Double clipGradNorm) {

    /**
     * An optimizer by type with its hyper-parameters; each type takes only its own options (training-core's
     * {@code Optimizers.OPTIONS}), with PyTorch's defaults for the rest.
     */
    @Schema(
            name = "OptimizerConfig",
            description = "The optimizer by type, its learning rate and that type's options (PyTorch's names, in"
                    + " camelCase, and defaults). An option another type takes is refused with 400 naming it.",
            requiredProperties = {"type", "lr"})
    record Optimizer(
            @Schema(
                    description = "Which optimizer.",
                    allowableValues = {
                        "sgd",
                        "momentum",
                        "rmsprop",
                        "adam",
                        "adamw",
                        "nadam",
                        "radam",
                        "adagrad",
                        "adadelta",
                        "lbfgs"
                    },
                    example = "adam")
            String type,

            @Schema(description = "Learning rate, > 0.", minimum = "0", example = "0.001")
            Double lr,

            @Schema(
                    description = "sgd: momentum factor (default 0); rmsprop: momentum (default 0);"
                            + " momentum: same as beta (default 0.9).",
                    minimum = "0")
            Double momentum,

            @Schema(description = "sgd: dampening for momentum.", defaultValue = "0")
            Double dampening,

            @Schema(description = "sgd: Nesterov momentum.", defaultValue = "false")
            Boolean nesterov,

            @Schema(
                    description = "L2 penalty (decoupled for adamw). Default 0, adamw 0.01.",
                    minimum = "0",
                    defaultValue = "0")
            Double weightDecay,

            @Schema(
                    description = "momentum: the velocity's decay (default 0.9); rmsprop: same as alpha.",
                    minimum = "0",
                    maximum = "1")
            Double beta,

            @Schema(description = "rmsprop: smoothing constant.", defaultValue = "0.99")
            Double alpha,

            @Schema(
                    description = "Added to denominators for stability: rmsprop, adam, adamw, nadam, radam 1e-8;"
                            + " adagrad 1e-10; adadelta 1e-6.",
                    minimum = "0")
            Double eps,

            @Schema(description = "rmsprop: normalise by the centred variance.", defaultValue = "false")
            Boolean centered,

            @Schema(
                    description = "adam, adamw, nadam, radam: first-moment decay.",
                    minimum = "0",
                    exclusiveMaximumValue = 1,
                    defaultValue = "0.9")
            Double beta1,

            @Schema(
                    description = "adam, adamw, nadam, radam: second-moment decay.",
                    minimum = "0",
                    exclusiveMaximumValue = 1,
                    defaultValue = "0.999")
            Double beta2,

            @Schema(description = "adam, adamw: the AMSGrad variant.", defaultValue = "false")
            Boolean amsgrad,

            @Schema(description = "nadam: momentum decay.", defaultValue = "0.004")
            Double momentumDecay,

            @Schema(description = "adagrad: learning-rate decay.", defaultValue = "0")
            Double lrDecay,

            @Schema(description = "adagrad: initial accumulator value.", defaultValue = "0")
            Double initialAccumulator,

            @Schema(description = "adadelta: running-average coefficient.", defaultValue = "0.9")
            Double rho,

            @Schema(description = "lbfgs: iterations per step.", minimum = "1", defaultValue = "20")
            Integer maxIter,

            @Schema(description = "lbfgs: function evaluations per step (default maxIter * 5 / 4).", minimum = "1")
            Integer maxEval,

            @Schema(description = "lbfgs: stop when the gradient's largest entry is below this.", defaultValue = "1e-7")
            Double toleranceGrad,

            @Schema(description = "lbfgs: stop when the step changes less than this.", defaultValue = "1e-9")
            Double toleranceChange,

            @Schema(description = "lbfgs: how many updates it remembers.", minimum = "1", defaultValue = "100")
            Integer historySize,

            @Schema(
                    description = "lbfgs: line search.",
                    allowableValues = {"none", "strong_wolfe"},
                    defaultValue = "none")
            String lineSearch) {}

    /**
     * A learning-rate schedule by type with its options (training-core's {@code Schedules.OPTIONS}); epoch counts are
     * in epochs, warmupSteps in optimizer steps.
     */
    @Schema(
            name = "ScheduleConfig",
            description = "A learning-rate schedule by type and that type's options (warmup also takes the options of"
                    + " the schedule it hands over to). An option another type takes is refused with 400 naming it.",
            requiredProperties = {"type"})
    record Schedule(
            @Schema(
                    description = "step: multiply by gamma every stepSize epochs; exponential: by gamma every"
                            + " epoch; cosine: anneal to etaMin over tMax epochs; plateau: multiply by factor"
                            + " when val/loss stops improving; warmup: ramp up linearly over warmupSteps,"
                            + " then hand over to `after`.",
                    allowableValues = {"step", "exponential", "cosine", "warmup", "plateau"},
                    example = "step")
            String type,

            @Schema(description = "step: epochs between decays (required).", minimum = "1")
            Integer stepSize,

            @Schema(description = "step (default 0.1), exponential (required): the decay factor.", minimum = "0")
            Double gamma,

            @Schema(description = "cosine: epochs of one anneal (required).", minimum = "1")
            Integer tMax,

            @Schema(description = "cosine: the lowest learning rate.", minimum = "0", defaultValue = "0")
            Double etaMin,

            @Schema(
                    description = "plateau: whether val/loss should fall (min) or rise (max).",
                    allowableValues = {"min", "max"},
                    defaultValue = "min")
            String mode,

            @Schema(description = "plateau: the decay factor.", defaultValue = "0.1")
            Double factor,

            @Schema(description = "plateau: epochs without improvement before decaying.", defaultValue = "10")
            Integer patience,

            @Schema(description = "plateau: the smallest change that counts as improvement.", defaultValue = "1e-4")
            Double threshold,

            @Schema(description = "plateau: epochs to wait after a decay.", defaultValue = "0")
            Integer cooldown,

            @Schema(description = "plateau: the lowest learning rate.", defaultValue = "0")
            Double minLr,

            @Schema(description = "warmup: optimizer steps (batches) to ramp over (required).", minimum = "1")
            Integer warmupSteps,

            @Schema(
                    description = "warmup: the first step's fraction of lr.",
                    minimum = "0",
                    maximum = "1",
                    defaultValue = "0.3333333333333333")
            Double startFactor,

            @Schema(
                    description = "warmup: the schedule after the warm-up, counted from its end.",
                    allowableValues = {"constant", "step", "exponential", "cosine"},
                    defaultValue = "constant")
            String after) {}
}
