package dev.descent.platform.models;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code PATCH /api/models/{id}}: the model's new name, for every version of it. */
record ModelRename(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = ModelService.MAX_NAME_LENGTH)
        String name) {}
