package dev.descent.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The web UI as the platform serves it: the app at {@code /} and at its own paths (so a shared link opens the right
 * view), its assets cached by content hash, and the platform's own paths never swallowed by it.
 */
class WebUiTest extends PlatformTest {

    @Test
    void theAppIsServedAtTheRootAndAtEveryPathItRoutes() {
        Http http = http();
        for (String path :
                new String[] {"/", "/runs", "/runs/12", "/compare?runs=3,4&keys=train/loss", "/datasets/7"}) {
            Http.Response r = http.get(path);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.header("Content-Type")).as(path).startsWith("text/html");
            assertThat(r.text()).as(path).contains("<div id=\"app\">");
            assertThat(r.header("Cache-Control")).as(path).contains("no-cache");
        }
    }

    @Test
    void bundledAssetsAreServedAndCachedForAYear() {
        Http http = http();
        Matcher m =
                Pattern.compile("/assets/[\\w.-]+\\.js").matcher(http.get("/").text());
        assertThat(m.find()).as("index.html names its script").isTrue();
        Http.Response js = http.get(m.group());
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.header("Content-Type")).contains("javascript");
        assertThat(js.header("Cache-Control")).contains("max-age=31536000").contains("immutable");
    }

    @Test
    void theApisOwnPathsAreNeverAnsweredWithTheApp() {
        Http http = http();
        Http.Response unknown = http.get("/api/no-such-thing");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");

        Http.Response run = http.get("/api/runs/987654");
        assertThat(run.status()).isEqualTo(404);
        assertThat(run.json().get("field").asString()).isEqualTo("id");

        assertThat(http.get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
        assertThat(http.get("/v3/api-docs").json().get("paths").has("/api/models/validate"))
                .isTrue();
        assertThat(http.get("/swagger-ui/index.html").text()).containsIgnoringCase("swagger");
        assertThat(http.get("/actuator/nothing").status()).isEqualTo(404);
    }

    @Test
    void aMissingFileIsA404NotTheApp() {
        Http.Response r = http().get("/assets/missing-1234.js");
        assertThat(r.status()).isEqualTo(404);
        assertThat(http().get("/favicon-nope.png").status()).isEqualTo(404);
    }
}
