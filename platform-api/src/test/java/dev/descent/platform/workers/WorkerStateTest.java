package dev.descent.platform.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WorkerStateTest {

    @Test
    void theSchemaChecksExactlyTheWorkerStatesOfTheEnum() throws IOException {
        String v3;
        try (InputStream in = getClass().getResourceAsStream("/db/migration/V3__workers_runs.sql")) {
            v3 = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String check = v3.substring(v3.indexOf("check (state in ("));
        check = check.substring(0, check.indexOf('\n'));
        for (WorkerState s : WorkerState.values()) assertThat(check).contains("'" + s.name() + "'");
        assertThat(check.chars().filter(c -> c == '\'').count()).isEqualTo(2L * WorkerState.values().length);
    }
}
