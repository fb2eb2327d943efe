package dev.descent.platform.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The run-events channel's payload: inline while it fits a NOTIFY, a step range to read back when it does not. */
class RunNoticesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<String> sent = new ArrayList<>();
    private final RunNotices notices = new RunNotices(
            new Notifier(null) {
                @Override
                public void send(Channel channel, String payload) {
                    assertThat(channel).isEqualTo(Channel.RUN_EVENTS);
                    sent.add(payload);
                }
            },
            JSON);

    @Test
    void aStatusTravelsInlineAndReadsBackAsItWasSent() {
        ObjectNode status = JSON.createObjectNode().put("status", "RUNNING").put("attempt", 2);
        notices.publishStatus(7, status);
        RunNotice n = notices.parse(sent.getFirst());
        assertThat(n.runId()).isEqualTo(7);
        assertThat(n.type()).isEqualTo(RunNotice.Type.STATUS);
        assertThat(n.isInline()).isTrue();
        assertThat(n.data()).isEqualTo(status);
    }

    @Test
    void afewPointsTravelInline() {
        ArrayNode points = points(10);
        notices.publishMetrics(7, points, List.of("train/loss"), 0, 9);
        RunNotice n = notices.parse(sent.getFirst());
        assertThat(n.type()).isEqualTo(RunNotice.Type.METRICS);
        assertThat(n.data()).isEqualTo(points);
    }

    @Test
    void pointsTooManyForOneNotifyTravelAsKeysAndAStepRange() {
        notices.publishMetrics(7, points(500), List.of("train/loss", "lr"), 3, 502);
        String payload = sent.getFirst();
        assertThat(payload.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(Notifier.MAX_PAYLOAD);
        RunNotice n = notices.parse(payload);
        assertThat(n.isInline()).isFalse();
        assertThat(n.keys()).containsExactly("train/loss", "lr");
        assertThat(n.fromStep()).isEqualTo(3);
        assertThat(n.toStep()).isEqualTo(502);
    }

    private static ArrayNode points(int n) {
        ArrayNode a = JSON.createArrayNode();
        for (int i = 0; i < n; i++)
            a.addObject()
                    .put("key", "train/loss")
                    .put("step", i)
                    .put("value", 1.0 / (i + 1))
                    .put("timestamp", "2026-01-31T12:00:00Z");
        return a;
    }
}
