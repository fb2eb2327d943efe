package dev.descent.platform.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The status JSON that the NOTIFY channel and the SSE stream carry. */
class RunStatusCodecTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aFinishedRunsEventCarriesItsReasonAndLeavesOutWhatIsAbsent() {
        RunStatusEvent e = new RunStatusEvent(
                RunStatus.CANCELLED,
                2,
                "host-1-ab-1",
                null,
                false,
                RunReason.STOPPED_EARLY,
                "stopped early by ASHA at epoch 3");
        assertThat(RunStatusCodec.toJson(e).toString())
                .isEqualTo(
                        "{\"status\":\"CANCELLED\",\"attempt\":2,\"workerId\":\"host-1-ab-1\",\"cancelRequested\":false,"
                                + "\"reason\":\"STOPPED_EARLY\",\"message\":\"stopped early by ASHA at epoch 3\"}");
        assertThat(RunStatusCodec.fromJson(RunStatusCodec.toJson(e))).isEqualTo(e);
    }

    @Test
    void aDeletedRunIsTheStatusDeletedOnTheWireAndEndsTheStream() {
        JsonNode wire = RunStatusCodec.toJson(RunStatusEvent.deleted());
        assertThat(wire.toString()).isEqualTo("{\"status\":\"DELETED\"}");
        RunStatusEvent back = RunStatusCodec.fromJson(wire);
        assertThat(back.isDeleted()).isTrue();
        assertThat(back.endsStream()).isTrue();
    }

    @Test
    void onlyFinalStatusesAndDeletionEndAStream() {
        for (RunStatus s : RunStatus.values()) {
            RunStatusEvent e = new RunStatusEvent(s, 1, null, null, null, null, null);
            assertThat(e.endsStream()).as(s.name()).isEqualTo(s.isFinal());
        }
    }

    @Test
    void readsTheEventsOfEarlierVersionsThatHadNoReason() {
        RunStatusEvent e =
                RunStatusCodec.fromJson(JSON.readTree("{\"status\":\"RUNNING\",\"attempt\":1,\"workerId\":\"w\"}"));
        assertThat(e).isEqualTo(new RunStatusEvent(RunStatus.RUNNING, 1, "w", null, null, null, null));
    }

    @Test
    void refusesJsonThatIsNotAStatusEvent() {
        assertThatThrownBy(() -> RunStatusCodec.fromJson(JSON.readTree("[1]")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RunStatusCodec.fromJson(JSON.readTree("{\"status\":\"DONE\"}")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
