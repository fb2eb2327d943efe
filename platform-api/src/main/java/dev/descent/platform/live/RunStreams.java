package dev.descent.platform.live;

import dev.descent.platform.metrics.MetricPointCodec;
import dev.descent.platform.metrics.MetricQueries;
import dev.descent.platform.notify.Channel;
import dev.descent.platform.notify.PgListener;
import dev.descent.platform.notify.RunNotice;
import dev.descent.platform.notify.RunNotices;
import dev.descent.platform.runs.RunStatusCodec;
import dev.descent.platform.runs.RunStatusEvent;
import dev.descent.platform.web.ApiProblem;
import dev.descent.spec.MetricPoint;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;

/**
 * Fans a run's events out to its Server-Sent Events clients: {@code metrics} (an array of new points) and
 * {@code status}. Events come from any process through NOTIFY, so a client sees what a worker on another machine
 * logged. Each client has its own queue and sender thread: a slow client delays nobody else, and one that falls too far
 * behind is disconnected (it can reconnect and reload). A stream ends after the run's final status (SUCCEEDED, FAILED
 * or CANCELLED), or DELETED when the run is deleted.
 *
 * <p>A metrics event's {@code id} is the highest step it carries. A client that reconnects with {@code Last-Event-ID}
 * (or asks {@code ?fromStep=}) first gets the points from that step on, read from PostgreSQL, then the live ones; a
 * point may come twice around that seam, and its (key, step) says it is the same point. A stream that has had nothing
 * to send for {@code descent.live.idle-timeout} ends (EventSource reconnects by itself), and one client address holds
 * at most {@code descent.live.max-streams-per-client} streams.
 */
@Component
@EnableConfigurationProperties(LiveProperties.class)
public class RunStreams {
    private static final Logger log = LoggerFactory.getLogger(RunStreams.class);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final int CLIENT_QUEUE = 1_000;

    private final RunNotices notices;
    private final MetricQueries metrics;
    private final LiveProperties properties;
    private final Map<Long, Set<Subscription>> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perClient = new ConcurrentHashMap<>();

    RunStreams(RunNotices notices, MetricQueries metrics, PgListener listener, LiveProperties properties) {
        this.notices = notices;
        this.metrics = metrics;
        this.properties = properties;
        listener.subscribe(Channel.RUN_EVENTS, this::onNotification);
    }

    /**
     * A stream of the run's events, starting with its status as read by {@code currentStatus}. The status is read after
     * the client is registered, so no change is missed; status events queued before the read are dropped, as the read
     * is at least as new as they are.
     */
    public SseEmitter subscribe(long runId, Supplier<RunStatusEvent> currentStatus, Long fromStep, String client) {
        AtomicInteger open = perClient.computeIfAbsent(client, c -> new AtomicInteger());
        if (open.incrementAndGet() > properties.maxStreamsPerClient()) {
            open.decrementAndGet();
            throw new ApiProblem(
                    HttpStatus.TOO_MANY_REQUESTS,
                    null,
                    "this client already has " + properties.maxStreamsPerClient()
                            + " streams open (descent.live.max-streams-per-client); close one first");
        }
        SseEmitter emitter = new SseEmitter(0L);
        Subscription s = new Subscription(runId, emitter, client);
        subscriptions
                .computeIfAbsent(runId, id -> ConcurrentHashMap.newKeySet())
                .add(s);
        emitter.onCompletion(() -> remove(s));
        emitter.onTimeout(() -> remove(s));
        emitter.onError(e -> remove(s));
        try {
            RunStatusEvent status = currentStatus.get();
            s.queue.removeIf(e -> e.type() == RunNotice.Type.STATUS);
            s.queue.offerFirst(Event.status(RunStatusCodec.toJson(status)));
            if (fromStep != null) s.replay = replay(runId, fromStep);
        } catch (RuntimeException e) {
            remove(s);
            throw e;
        }
        Thread.ofVirtual().name("sse-run-" + runId).start(s::send);
        return emitter;
    }

    /** The run's points from {@code fromStep} on, in events of at most 5,000 points, oldest first. */
    private List<Event> replay(long runId, long fromStep) {
        List<String> keys = metrics.keys(runId);
        if (keys.isEmpty()) return List.of();
        List<MetricPoint> points = metrics.points(runId, keys, fromStep, Long.MAX_VALUE);
        if (points.size() > properties.maxReplayPoints())
            points = points.subList(points.size() - properties.maxReplayPoints(), points.size());
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < points.size(); i += 5_000) {
            List<MetricPoint> chunk = points.subList(i, Math.min(points.size(), i + 5_000));
            events.add(new Event(RunNotice.Type.METRICS, MetricPointCodec.toJson(chunk)));
        }
        return events;
    }

    @EventListener(ContextClosedEvent.class)
    void closeAll() {
        // Open streams would hold the web server's graceful shutdown for its whole timeout.
        subscriptions.values().forEach(set -> set.forEach(Subscription::close));
        subscriptions.clear();
    }

    private void onNotification(String payload) {
        RunNotice notice = notices.parse(payload);
        Set<Subscription> clients = subscriptions.get(notice.runId());
        if (clients == null || clients.isEmpty()) return;
        JsonNode data = notice.isInline()
                ? notice.data()
                : MetricPointCodec.toJson(
                        metrics.points(notice.runId(), notice.keys(), notice.fromStep(), notice.toStep()));
        Event e = new Event(notice.type(), data);
        for (Subscription s : clients) {
            if (!s.queue.offer(e)) {
                log.info(
                        "an SSE client of run {} fell {} events behind; disconnecting it",
                        notice.runId(),
                        CLIENT_QUEUE);
                s.close();
            }
        }
    }

    private void remove(Subscription s) {
        if (!s.closed) {
            s.closed = true;
            AtomicInteger open = perClient.get(s.client);
            if (open != null && open.decrementAndGet() <= 0) perClient.remove(s.client, open);
        }
        Set<Subscription> set = subscriptions.get(s.runId);
        if (set != null) set.remove(s);
    }

    /** A status or a metrics batch for one client; null type: the stream is closing. */
    private record Event(RunNotice.Type type, JsonNode data) {
        static Event status(JsonNode data) {
            return new Event(RunNotice.Type.STATUS, data);
        }

        /** A metrics event's id: the highest step among its points. */
        String id() {
            if (type != RunNotice.Type.METRICS || data == null || !data.isArray()) return null;
            long max = -1;
            for (JsonNode p : data)
                if (p.has("step")) max = Math.max(max, p.get("step").asLong());
            return max < 0 ? null : Long.toString(max);
        }

        /** Nothing follows a run's end: its last metrics were committed before its final status. */
        boolean endsStream() {
            return type == RunNotice.Type.STATUS
                    && RunStatusCodec.fromJson(data).endsStream();
        }
    }

    private final class Subscription {
        final long runId;
        final SseEmitter emitter;
        final String client;
        final BlockingDeque<Event> queue = new LinkedBlockingDeque<>(CLIENT_QUEUE);
        volatile boolean closed;
        volatile List<Event> replay = List.of();

        Subscription(long runId, SseEmitter emitter, String client) {
            this.runId = runId;
            this.emitter = emitter;
            this.client = client;
        }

        void send() {
            try {
                long idleSince = System.nanoTime();
                boolean replayed = false;
                while (!closed) {
                    Event e = queue.poll(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
                    if (closed) break;
                    if (e == null) {
                        if (System.nanoTime() - idleSince
                                > properties.idleTimeout().toNanos()) {
                            remove(this);
                            emitter.complete();
                            return;
                        }
                        emitter.send(SseEmitter.event().comment("keep-alive"));
                        continue;
                    }
                    idleSince = System.nanoTime();
                    emit(e);
                    // The status comes first, then what was missed, then the live events queued meanwhile.
                    if (!replayed) {
                        replayed = true;
                        for (Event r : replay) emit(r);
                        replay = List.of();
                    }
                    if (e != null && e.endsStream()) {
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

        private void emit(Event e) throws IOException {
            SseEmitter.SseEventBuilder event = SseEmitter.event().name(e.type().wireName());
            String id = e.id();
            if (id != null) event.id(id);
            emitter.send(event.data(e.data()));
        }

        void close() {
            closed = true;
            remove(this);
            queue.offer(new Event(null, null));
            try {
                emitter.complete();
            } catch (RuntimeException ignored) {
                // The client may already be gone.
            }
        }
    }
}
