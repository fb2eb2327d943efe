package dev.descent.platform.notify;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One message on the {@link Channel#RUN_EVENTS} channel: a run's new status, or its new metric points, inline when they
 * fit in a NOTIFY payload, else as the keys and step range to read back from the database.
 *
 * @param data the status or the points, or null when they are to be read back
 */
public record RunNotice(long runId, Type type, JsonNode data, List<String> keys, long fromStep, long toStep) {

    public enum Type {
        STATUS("status"),
        METRICS("metrics");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        /** The name in the payload, which is also the SSE event's name. */
        public String wireName() {
            return wireName;
        }

        static Type of(String wireName) {
            for (Type t : values()) if (t.wireName.equals(wireName)) return t;
            throw new IllegalArgumentException("not a run event type: " + wireName);
        }
    }

    public RunNotice {
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    public boolean isInline() {
        return data != null;
    }
}
