package dev.descent.platform.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fans a run's events out to its Server-Sent Events clients: {@code metrics} (an array of new points) and
 * {@code status}. Events come from any process through NOTIFY, so a client sees what a worker on another machine
 * logged. Each client has its own queue and sender thread: a slow client delays nobody else, and one that falls too far
 * behind is disconnected (it can reconnect and reload). A stream ends after the run's final status (SUCCEEDED, FAILED
 * or CANCELLED), or DELETED when the run is deleted.
 */
@Component
public class RunEvents {
    private static final Logger log = LoggerFactory.getLogger(RunEvents.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final int CLIENT_QUEUE = 1_000;
    private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED", "DELETED");

    private final JdbcTemplate jdbc;
    private final Map<Long, Set<Subscription>> subscriptions = new ConcurrentHashMap<>();

    RunEvents(JdbcTemplate jdbc, PgListener listener) {
        this.jdbc = jdbc;
        listener.subscribe(PgListener.RUN_EVENTS, this::onNotification);
    }

    /** Announces a run's new status to every process's SSE clients, when the caller's transaction commits. */
    public static void publishStatus(JdbcTemplate jdbc, long runId, ObjectNode status) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("runId", runId);
        payload.put("type", "status");
        payload.set("data", status);
        Notify.send(jdbc, PgListener.RUN_EVENTS, payload.toString());
    }

    /**
     * Announces new metric points: inline when they fit in a NOTIFY payload, otherwise as a step range that the
     * receiving process reads back from the database (only if it has clients for the run).
     */
    public static void publishMetrics(
            JdbcTemplate jdbc, long runId, ArrayNode points, List<String> keys, long fromStep, long toStep) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("runId", runId);
        payload.put("type", "metrics");
        payload.set("data", points);
        String inline = payload.toString();
        if (inline.getBytes(StandardCharsets.UTF_8).length <= Notify.MAX_PAYLOAD) {
            Notify.send(jdbc, PgListener.RUN_EVENTS, inline);
            return;
        }
        payload.remove("data");
        ArrayNode k = payload.putArray("keys");
        keys.forEach(k::add);
        payload.put("fromStep", fromStep);
        payload.put("toStep", toStep);
        Notify.send(jdbc, PgListener.RUN_EVENTS, payload.toString());
    }

    /**
     * A stream of the run's events, starting with its status as read by {@code currentStatus}. The status is read after
     * the client is registered, so no change is missed; status events queued before the read are dropped, as the read
     * is at least as new as they are.
     */
    public SseEmitter subscribe(long runId, Supplier<ObjectNode> currentStatus) {
        SseEmitter emitter = new SseEmitter(0L);
        Subscription s = new Subscription(runId, emitter);
        subscriptions
                .computeIfAbsent(runId, id -> ConcurrentHashMap.newKeySet())
                .add(s);
        emitter.onCompletion(() -> remove(s));
        emitter.onTimeout(() -> remove(s));
        emitter.onError(e -> remove(s));
        try {
            ObjectNode status = currentStatus.get();
            s.queue.removeIf(e -> e.type().equals("status"));
            s.queue.offerFirst(new Event("status", status));
        } catch (RuntimeException e) {
            remove(s);
            throw e;
        }
        Thread.ofVirtual().name("sse-run-" + runId).start(s::send);
        return emitter;
    }

    @EventListener(ContextClosedEvent.class)
    void closeAll() {
        // Open streams would hold the web server's graceful shutdown for its whole timeout.
        subscriptions.values().forEach(set -> set.forEach(Subscription::close));
        subscriptions.clear();
    }

    private void onNotification(String payload) {
        JsonNode event = JSON.readTree(payload);
        long runId = event.get("runId").asLong();
        Set<Subscription> clients = subscriptions.get(runId);
        if (clients == null || clients.isEmpty()) return;
        String type = event.get("type").asString();
        JsonNode data = event.has("data") ? event.get("data") : readBack(runId, event);
        Event e = new Event(type, data);
        for (Subscription s : clients) {
            if (!s.queue.offer(e)) {
                log.info("an SSE client of run {} fell {} events behind; disconnecting it", runId, CLIENT_QUEUE);
                s.close();
            }
        }
    }

    private ArrayNode readBack(long runId, JsonNode event) {
        ArrayNode points = JSON.createArrayNode();
        String[] keys = JSON.convertValue(event.get("keys"), String[].class);
        jdbc.query(
                "select key, step, value, ts from metrics where run_id = ? and key = any(?) and step between ? and ? order by step, key",
                rs -> {
                    ObjectNode p = points.addObject();
                    p.put("key", rs.getString(1));
                    p.put("step", rs.getLong(2));
                    p.put("value", rs.getDouble(3));
                    p.put(
                            "timestamp",
                            rs.getObject(4, java.time.OffsetDateTime.class)
                                    .toInstant()
                                    .toString());
                },
                runId,
                keys,
                event.get("fromStep").asLong(),
                event.get("toStep").asLong());
        return points;
    }

    private void remove(Subscription s) {
        s.closed = true;
        Set<Subscription> set = subscriptions.get(s.runId);
        if (set != null) set.remove(s);
    }

    private record Event(String type, Object data) {}

    private static boolean isFinal(Event e) {
        return e.type().equals("status")
                && e.data() instanceof JsonNode d
                && d.has("status")
                && FINAL.contains(d.get("status").asString());
    }

    private final class Subscription {
        final long runId;
        final SseEmitter emitter;
        final BlockingDeque<Event> queue = new LinkedBlockingDeque<>(CLIENT_QUEUE);
        volatile boolean closed;

        Subscription(long runId, SseEmitter emitter) {
            this.runId = runId;
            this.emitter = emitter;
        }

        void send() {
            try {
                while (!closed) {
                    Event e = queue.poll(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
                    if (closed) break;
                    if (e == null) emitter.send(SseEmitter.event().comment("keep-alive"));
                    else emitter.send(SseEmitter.event().name(e.type()).data(e.data()));
                    if (e != null && isFinal(e)) {
                        // Nothing follows a run's end: its last metrics were committed before its final status.
                        remove(this);
                        emitter.complete();
                        return;
                    }
                }
            } catch (IOException | IllegalStateException e) {
                remove(this);
                emitter.completeWithError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void close() {
            closed = true;
            remove(this);
            queue.offer(new Event("closing", Map.of()));
            try {
                emitter.complete();
            } catch (RuntimeException ignored) {
                // The client may already be gone.
            }
        }
    }
}
