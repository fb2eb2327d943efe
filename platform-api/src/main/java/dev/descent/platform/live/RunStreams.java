package dev.descent.platform.live;

import dev.descent.platform.metrics.MetricPointCodec;
import dev.descent.platform.metrics.MetricQueries;
import dev.descent.platform.notify.Channel;
import dev.descent.platform.notify.PgListener;
import dev.descent.platform.notify.RunNotice;
import dev.descent.platform.notify.RunNotices;
import dev.descent.platform.runs.RunStatusCodec;
import dev.descent.platform.runs.RunStatusEvent;
import java.io.IOException;
import java.time.Duration;
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
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;

/**
 * Fans a run's events out to its Server-Sent Events clients: {@code metrics} (an array of new points) and
 * {@code status}. Events come from any process through NOTIFY, so a client sees what a worker on another machine
 * logged. Each client has its own queue and sender thread: a slow client delays nobody else, and one that falls too far
 * behind is disconnected (it can reconnect and reload). A stream ends after the run's final status (SUCCEEDED, FAILED
 * or CANCELLED), or DELETED when the run is deleted.
 */
@Component
public class RunStreams {
    private static final Logger log = LoggerFactory.getLogger(RunStreams.class);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final int CLIENT_QUEUE = 1_000;

    private final RunNotices notices;
    private final MetricQueries metrics;
    private final Map<Long, Set<Subscription>> subscriptions = new ConcurrentHashMap<>();

    RunStreams(RunNotices notices, MetricQueries metrics, PgListener listener) {
        this.notices = notices;
        this.metrics = metrics;
        listener.subscribe(Channel.RUN_EVENTS, this::onNotification);
    }

    /**
     * A stream of the run's events, starting with its status as read by {@code currentStatus}. The status is read after
     * the client is registered, so no change is missed; status events queued before the read are dropped, as the read
     * is at least as new as they are.
     */
    public SseEmitter subscribe(long runId, Supplier<RunStatusEvent> currentStatus) {
        SseEmitter emitter = new SseEmitter(0L);
        Subscription s = new Subscription(runId, emitter);
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
        s.closed = true;
        Set<Subscription> set = subscriptions.get(s.runId);
        if (set != null) set.remove(s);
    }

    /** A status or a metrics batch for one client; null type: the stream is closing. */
    private record Event(RunNotice.Type type, JsonNode data) {
        static Event status(JsonNode data) {
            return new Event(RunNotice.Type.STATUS, data);
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
                    else
                        emitter.send(
                                SseEmitter.event().name(e.type().wireName()).data(e.data()));
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
