package dev.descent.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A client that behaves as the web UI in a browser does: signs in with a session cookie and sends the XSRF-TOKEN
 * cookie's value as the X-XSRF-TOKEN header on changes (or, with {@link #withoutCsrf}, forgets to, as a forged request
 * from another site would).
 */
public final class Browser {
    private final String base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient client;

    private Browser(String base) {
        this.base = base;
        this.client = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public static Browser signIn(String base, String username, String password) {
        Browser b = new Browser(base);
        b.get("/"); // as the login page's load does: the platform hands out the XSRF-TOKEN cookie
        Http.Response r = b.send(
                "POST",
                "/api/session",
                Http.JSON.writeValueAsString(Map.of("username", username, "password", password)),
                "application/json",
                true);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return b;
    }

    /** A browser with no session yet. */
    public static Browser anonymous(String base) {
        return new Browser(base);
    }

    public Http.Response get(String path) {
        return send("GET", path, null, null, true);
    }

    public Http.Response post(String path, String json) {
        return send("POST", path, json, "application/json", true);
    }

    public Http.Response delete(String path) {
        return send("DELETE", path, null, null, true);
    }

    /** A change sent as another site's page would make the browser send it: the cookies, no CSRF header. */
    public Http.Response withoutCsrf(String method, String path, String body, String contentType) {
        return send(method, path, body, contentType, false);
    }

    public String cookie(String name) {
        return cookies.getCookieStore().get(URI.create(base)).stream()
                .filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue)
                .findFirst()
                .orElse(null);
    }

    private Http.Response send(String method, String path, String body, String contentType, boolean csrf) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (contentType != null) b.header("Content-Type", contentType);
        String token = cookie("XSRF-TOKEN");
        if (csrf && token != null) b.header("X-XSRF-TOKEN", token);
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Http.Response(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
