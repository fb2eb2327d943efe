package dev.descent.platform.runs;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code POST /api/runs/{id}/finish}: how an external run ended, by its owner. */
record FinishRequest(
        @Schema(
                requiredMode = Schema.RequiredMode.REQUIRED,
                allowableValues = {"SUCCEEDED", "FAILED"})
        String status,

        @Schema(maxLength = RunService.MAX_SUMMARY_LENGTH, nullable = true, description = "Becomes the statusMessage.")
        String summary) {}
