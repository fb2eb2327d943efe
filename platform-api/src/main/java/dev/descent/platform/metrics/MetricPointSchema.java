package dev.descent.platform.metrics;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One point of {@code POST /api/runs/{id}/metrics} as the OpenAPI document shows it; {@link MetricPointCodec} reads the
 * batch by hand (a refusal names {@code [3].step}) and accepts exactly these fields.
 */
@Schema(
        name = "MetricPoint",
        requiredProperties = {"key", "step", "value"})
record MetricPointSchema(
        @Schema(
                description = "The metric's name; train/ and val/ prefixes group charts.",
                maxLength = MetricPointCodec.MAX_KEY_LENGTH,
                example = "train/loss")
        String key,

        @Schema(description = "The x axis: a global step or an epoch.", minimum = "0", maximum = "1000000000000000")
        Long step,

        @Schema(description = "A finite number.", example = "0.4231")
        Double value,

        @Schema(
                description = "An ISO-8601 instant or epoch milliseconds; default: when it is received.",
                example = "2026-01-31T12:00:00Z",
                nullable = true)
        Object timestamp) {}
