package dev.descent.platform.experiments;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /api/experiments} and {@code PATCH /api/experiments/{id}} as the OpenAPI document shows it.
 * The controller reads the body field by field (so each refusal names its field in the API's own words) and accepts
 * exactly these fields.
 */
@Schema(
        name = "ExperimentRequest",
        description = "An experiment groups runs. POST requires name; PATCH changes name, description or both.")
record ExperimentRequest(
        @Schema(
                description = "Unique, non-blank; required when creating.",
                maxLength = 200,
                example = "optimizer-shootout")
        String name,

        @Schema(
                description = "Free text; null clears it.",
                maxLength = ExperimentsController.MAX_DESCRIPTION_LENGTH,
                nullable = true,
                example = "Adam vs SGD with momentum on Fashion-MNIST")
        String description) {}
