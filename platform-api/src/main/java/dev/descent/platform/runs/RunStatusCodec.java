package dev.descent.platform.runs;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON of a {@link RunStatusEvent}, the same on the NOTIFY channel and on a run's SSE stream: {@code {"status",
 * "attempt", "workerId", "error", "cancelRequested", "reason", "message"}}, absent fields left out.
 */
public final class RunStatusCodec {
    /** A deleted run's status on the wire; not a {@link RunStatus}, as no run is ever stored in it. */
    public static final String DELETED = "DELETED";

    private RunStatusCodec() {}

    public static ObjectNode toJson(RunStatusEvent e) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("status", e.isDeleted() ? DELETED : e.status().name());
        if (e.attempt() != null) o.put("attempt", e.attempt());
        if (e.workerId() != null) o.put("workerId", e.workerId());
        if (e.error() != null) o.put("error", e.error());
        if (e.cancelRequested() != null) o.put("cancelRequested", e.cancelRequested());
        if (e.reason() != null) o.put("reason", e.reason().name());
        if (e.message() != null) o.put("message", e.message());
        return o;
    }

    /** @throws IllegalArgumentException when the JSON is not a status event */
    public static RunStatusEvent fromJson(JsonNode o) {
        if (o == null || !o.isObject() || !o.hasNonNull("status"))
            throw new IllegalArgumentException("not a run status event: " + o);
        String status = o.get("status").asString();
        if (status.equals(DELETED)) return RunStatusEvent.deleted();
        return new RunStatusEvent(
                RunStatus.valueOf(status),
                o.hasNonNull("attempt") ? o.get("attempt").asInt() : null,
                text(o, "workerId"),
                text(o, "error"),
                o.hasNonNull("cancelRequested") ? o.get("cancelRequested").asBoolean() : null,
                o.hasNonNull("reason") ? RunReason.valueOf(o.get("reason").asString()) : null,
                text(o, "message"));
    }

    private static String text(JsonNode o, String field) {
        return o.hasNonNull(field) ? o.get(field).asString() : null;
    }
}
