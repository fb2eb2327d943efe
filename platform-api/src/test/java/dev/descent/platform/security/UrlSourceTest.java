package dev.descent.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.descent.platform.Http;
import dev.descent.platform.PlatformTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The {@code url} dataset source as an attacker would aim it: at the platform's own machine and network, through a
 * redirect, and at servers that lie about their length or drip their answer. Only the name {@code localhost} is allowed
 * here (as {@code descent.datasets.url-allow} would allow an internal mirror), so the address 127.0.0.1 itself is not.
 */
@TestPropertySource(
        properties = {
            "descent.datasets.url-allow=localhost",
            "descent.datasets.read-timeout=1s",
            "descent.datasets.download-timeout=3s"
        })
class UrlSourceTest extends PlatformTest {
    static HttpServer server;
    static int port;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        port = server.getAddress().getPort();
        server.createContext("/secret.csv", e -> {
            byte[] b = "label,x\nTOP-SECRET,1\n".getBytes(StandardCharsets.UTF_8);
            e.sendResponseHeaders(200, b.length);
            e.getResponseBody().write(b);
            e.close();
        });
        server.createContext("/redirect", e -> {
            e.getResponseHeaders().add("Location", "http://127.0.0.1:" + port + "/secret.csv");
            e.sendResponseHeaders(302, -1);
            e.close();
        });
        server.createContext("/short", e -> {
            // Promises 1000 bytes, sends 10, and keeps the connection open.
            e.sendResponseHeaders(200, 1000);
            e.getResponseBody().write(new byte[10]);
            e.getResponseBody().flush();
            sleep(20_000);
            e.close();
        });
        server.createContext("/drip", e -> {
            // A byte every half second: never silent for the read timeout, never done.
            e.sendResponseHeaders(200, 0);
            OutputStream out = e.getResponseBody();
            for (int i = 0; i < 60; i++) {
                try {
                    out.write('1');
                    out.flush();
                } catch (IOException gone) {
                    break;
                }
                sleep(500);
            }
            e.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private Http.Response fetch(String url) {
        return http().post("/api/datasets", Map.of("source", "url", "trainCsv", url));
    }

    private static void assertRefused(Http.Response r, String reason) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("field").asString()).isEqualTo("trainCsv");
        assertThat(r.json().get("detail").asString()).startsWith("trainCsv: could not fetch: " + reason);
        assertThat(r.text()).doesNotContain("TOP-SECRET").doesNotContain("Exception");
    }

    @Test
    void loopbackPrivateLinkLocalAndMulticastAddressesAreRefusedBeforeConnecting() {
        for (String host : new String[] {
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "172.16.5.5",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "[::1]",
            "[fd00::1]",
            "[::ffff:127.0.0.1]"
        }) {
            long start = System.nanoTime();
            assertRefused(fetch("http://" + host + ":" + port + "/secret.csv"), "the address is not allowed");
            assertThat((System.nanoTime() - start) / 1e9).as(host).isLessThan(2.0);
        }
        // PostgreSQL's port answers exactly as a closed one would.
        assertRefused(fetch("http://127.0.0.1:5432/"), "the address is not allowed");
    }

    @Test
    void aRedirectIntoTheMachineIsRefused() {
        assertRefused(fetch("http://localhost:" + port + "/redirect"), "the address is not allowed");
    }

    @Test
    void anAllowedHostsFileIsFetchedButItsContentIsNotEchoed() {
        Http.Response r = fetch("http://localhost:" + port + "/secret.csv");
        // One sample of one class: stored, or refused without quoting the file.
        if (r.status() != 201 && r.status() != 200) assertRefused(r, "the file is not");
    }

    @Test
    void aServerSendingLessThanItsLengthIsCutAtTheReadTimeout() {
        long start = System.nanoTime();
        assertRefused(fetch("http://localhost:" + port + "/short"), "timed out");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(4.0);
    }

    @Test
    void aDrippingServerIsCutAtTheTotalTimeout() {
        long start = System.nanoTime();
        assertRefused(fetch("http://localhost:" + port + "/drip"), "timed out");
        assertThat((System.nanoTime() - start) / 1e9).isBetween(2.5, 6.0);
    }

    @Test
    void onlyHttpAndHttpsAreFetched() {
        Http.Response r = fetch("file:///etc/passwd");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asString()).isEqualTo("trainCsv");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
