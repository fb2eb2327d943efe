package dev.descent.platform.runs;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The body of {@code PATCH /api/runs/{id}} as the OpenAPI document shows it; {@link RunService#annotate} reads it field
 * by field and accepts exactly these fields.
 */
@Schema(
        name = "RunPatch",
        description = "Renames a run, sets its tags or its note (any of them, at least one); null clears name or note.")
record RunPatch(
        @Schema(maxLength = RunService.MAX_NAME_LENGTH, nullable = true, example = "adam-lr1e-3")
        String name,

        @ArraySchema(
                schema =
                        @Schema(
                                description = "owner=ana (a key=value tag) or a plain label.",
                                minLength = 1,
                                maxLength = RunService.MAX_TAG_LENGTH),
                maxItems = RunService.MAX_TAGS,
                arraySchema = @Schema(description = "Replaces the run's tags."))
        List<String> tags,

        @Schema(maxLength = RunService.MAX_NOTE_LENGTH, nullable = true)
        String note) {}
