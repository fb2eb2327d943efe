package dev.descent.platform;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/** Reads a Server-Sent Events stream on its own thread into a queue of events, each stamped on arrival. */
public final class SseClient implements AutoCloseable {
    /** An event as it came; {@code id} is its {@code id:} field, or null. */
    public record Event(String name, JsonNode data, long receivedNanos, String id) {}

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CountDownLatch connected = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Stream<String> lines;

    public SseClient(Http http, String path) {
        this(http, path, null);
    }

    /** A stream resumed after the event with id {@code lastEventId}, as a reconnecting EventSource asks. */
    public SseClient(Http http, String path, String lastEventId) {
        HttpRequest.Builder builder = http.request(path).header("Accept", "text/event-stream");
        if (lastEventId != null) builder.header("Last-Event-ID", lastEventId);
        HttpRequest request = builder.GET().build();
        response = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        Thread.ofVirtual().start(this::read);
    }

    private void read() {
        try {
            HttpResponse<Stream<String>> r = response.get(10, TimeUnit.SECONDS);
            lines = r.body();
            connected.countDown();
            String name = "message";
            String id = null;
            StringBuilder data = new StringBuilder();
            for (var it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (!data.isEmpty())
                        events.add(new Event(name, Http.JSON.readTree(data.toString()), System.nanoTime(), id));
                    name = "message";
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
        } catch (Exception e) {
            connected.countDown();
        } finally {
            ended.countDown();
        }
    }

    /** The next event of this name within the timeout, skipping others; null if none came. */
    public Event next(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return null;
            Event e = events.poll(left, TimeUnit.NANOSECONDS);
            if (e == null) return null;
            if (e.name().equals(name)) return e;
        }
    }

    /** Whether the server ended the stream within the timeout. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void awaitConnected() throws InterruptedException {
        connected.await(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        Stream<String> l = lines;
        if (l != null) l.close();
        response.cancel(true);
    }
}
