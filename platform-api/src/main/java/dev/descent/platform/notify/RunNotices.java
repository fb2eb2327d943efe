package dev.descent.platform.notify;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Publishes {@link RunNotice}s (in the caller's transaction, delivered on commit) and reads them back: the payload is
 * {@code {"runId", "type", "data"}}, or {@code {"runId", "type", "keys", "fromStep", "toStep"}} for metric points too
 * many for one NOTIFY.
 */
@Component
public class RunNotices {
    private final Notifier notifier;
    private final JsonMapper json;

    RunNotices(Notifier notifier, JsonMapper json) {
        this.notifier = notifier;
        this.json = json;
    }

    /** Announces a run's new status to every process's SSE clients. */
    public void publishStatus(long runId, JsonNode status) {
        notifier.send(
                Channel.RUN_EVENTS,
                envelope(runId, RunNotice.Type.STATUS).set("data", status).toString());
    }

    /**
     * Announces new metric points: inline when they fit in a NOTIFY payload, otherwise as a step range that the
     * receiving process reads back from the database (only if it has clients for the run).
     */
    public void publishMetrics(long runId, ArrayNode points, List<String> keys, long fromStep, long toStep) {
        String inline =
                envelope(runId, RunNotice.Type.METRICS).set("data", points).toString();
        if (inline.getBytes(StandardCharsets.UTF_8).length <= Notifier.MAX_PAYLOAD) {
            notifier.send(Channel.RUN_EVENTS, inline);
            return;
        }
        ObjectNode range = envelope(runId, RunNotice.Type.METRICS);
        ArrayNode k = range.putArray("keys");
        keys.forEach(k::add);
        range.put("fromStep", fromStep);
        range.put("toStep", toStep);
        notifier.send(Channel.RUN_EVENTS, range.toString());
    }

    /** Wakes idle workers in every process: a run was queued. */
    public void announceQueued(long runId) {
        notifier.send(Channel.QUEUE, Long.toString(runId));
    }

    /** Tells the worker holding a run, wherever it is, that a user cancelled it. */
    public void announceCancel(long runId) {
        notifier.send(Channel.CANCEL, Long.toString(runId));
    }

    public RunNotice parse(String payload) {
        JsonNode n = json.readTree(payload);
        RunNotice.Type type = RunNotice.Type.of(n.get("type").asString());
        if (n.has("data")) return new RunNotice(n.get("runId").asLong(), type, n.get("data"), null, 0, 0);
        List<String> keys = json.convertValue(
                n.get("keys"), json.getTypeFactory().constructCollectionType(List.class, String.class));
        return new RunNotice(
                n.get("runId").asLong(),
                type,
                null,
                keys,
                n.get("fromStep").asLong(),
                n.get("toStep").asLong());
    }

    private ObjectNode envelope(long runId, RunNotice.Type type) {
        ObjectNode o = json.createObjectNode();
        o.put("runId", runId);
        o.put("type", type.wireName());
        return o;
    }
}
