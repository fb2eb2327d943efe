package dev.descent.platform.runs;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** {@code POST /api/runs/external}: a run your own training script logs to. */
@Schema(description = "An external run: RUNNING at once, owned by the caller, never claimed by a worker.")
record ExternalRunRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "1")
        Long experimentId,

        @Schema(maxLength = RunService.MAX_NAME_LENGTH, nullable = true, example = "my script")
        String name,

        @Schema(description = "The script's hyperparameters (a JSON object, at most 64 KiB).", nullable = true)
        Map<String, Object> params) {}
