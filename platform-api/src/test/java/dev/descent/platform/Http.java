package dev.descent.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for the tests: JSON in, JSON (or bytes) out, any status returned rather than thrown. It signs its
 * requests as the first admin ({@link #ADMIN_TOKEN}, which {@link PlatformTest} gives the platform) unless made with
 * {@link #as} another token or {@link #anonymous()}.
 */
public final class Http {
    public static final JsonMapper JSON = JsonMapper.builder().build();
    /** The first admin's bearer token in every test platform ({@code descent.security.initial-admin-token}). */
    public static final String ADMIN_TOKEN = "dsc_test-admin-token-0123456789abcdefghijklmnop";

    private final String base;
    private final String token;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Http(String base) {
        this(base, ADMIN_TOKEN);
    }

    private Http(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The same platform, signed as the holder of {@code bearerToken}. */
    public Http as(String bearerToken) {
        return new Http(base, bearerToken);
    }

    /** The same platform with no credentials at all. */
    public Http anonymous() {
        return new Http(base, null);
    }

    /** The bearer token this client sends, or null. */
    public String token() {
        return token;
    }

    /** Headers for a request made by hand with {@link #client()}: this client's Authorization, if any. */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    public record Response(int status, byte[] bytes, HttpResponse<byte[]> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(bytes);
            } catch (RuntimeException e) {
                throw new AssertionError("not JSON (HTTP " + status + "): " + text(), e);
            }
        }

        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + text();
        }
    }

    public String base() {
        return base;
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response post(String path, Object body) {
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response put(String path, Object body) {
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
        return send(request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response patch(String path, Object body) {
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A multipart/form-data POST with the given file parts and plain fields. */
    public Response multipart(String path, Map<String, byte[]> files, Map<String, String> fields) {
        String boundary = "descent-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            for (var f : fields.entrySet()) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
                                + f.getValue() + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            for (var f : files.entrySet()) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey()
                                + "\"; filename=\"" + f.getKey()
                                + ".bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                body.write(f.getValue());
                body.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(request(path)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    public HttpClient client() {
        return client;
    }

    /** Sends a request made with {@link #request}; any status is returned. */
    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> r = client.send(
                    request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
