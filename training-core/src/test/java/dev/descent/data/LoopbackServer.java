package dev.descent.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** An HTTP server on the loopback interface serving files the way a test asks: whole, cut short, or stalling. */
final class LoopbackServer implements AutoCloseable {

    /** How a path answers. */
    sealed interface Answer {}

    record Whole(byte[] body) implements Answer {}

    /** Announces the whole length, sends {@code sent} bytes and drops the connection. */
    record CutShort(byte[] body, int sent) implements Answer {}

    /** Sends {@code sent} bytes without announcing a length, then ends the response as if it were complete. */
    record EndsEarly(byte[] body, int sent) implements Answer {}

    /** Announces the whole length, sends {@code sent} bytes, then goes quiet for {@code quietMillis}. */
    record Stalls(byte[] body, int sent, long quietMillis) implements Answer {}

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();

    LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    URI base(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    void answer(String path, Answer a) {
        answers.put(path, a);
    }

    void answer(String path, byte[] body) {
        answer(path, new Whole(body));
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        requests.add(path);
        Answer a = answers.get(path);
        if (a instanceof CutShort c) {
            ex.sendResponseHeaders(200, c.body().length);
            ex.getResponseBody().write(c.body(), 0, c.sent());
            ex.getResponseBody().flush();
            // A handler that throws has the server drop the connection, short of the length it announced.
            throw new IOException("cut short on purpose");
        }
        try (ex) {
            switch (a) {
                case null -> ex.sendResponseHeaders(404, -1);
                case Whole w -> {
                    ex.sendResponseHeaders(200, w.body().length);
                    ex.getResponseBody().write(w.body());
                }
                case CutShort c -> throw new AssertionError("answered above");
                case EndsEarly e -> {
                    ex.sendResponseHeaders(200, 0);
                    ex.getResponseBody().write(e.body(), 0, e.sent());
                }
                case Stalls s -> {
                    ex.sendResponseHeaders(200, s.body().length);
                    OutputStream out = ex.getResponseBody();
                    out.write(s.body(), 0, s.sent());
                    out.flush();
                    Thread.sleep(s.quietMillis());
                    out.write(s.body(), s.sent(), s.body().length - s.sent());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
