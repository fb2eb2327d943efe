package dev.descent.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.platform.Browser;
import dev.descent.platform.Fixtures;
import dev.descent.platform.Http;
import dev.descent.platform.PlatformTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Accounts, sessions and tokens as a user meets them. */
class AccountsTest extends PlatformTest {

    @Test
    void anAnonymousClientReadsNothingAndChangesNothing() {
        Http anonymous = http().anonymous();
        Http.Response r = anonymous.get("/api/runs");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(anonymous.post("/api/experiments", Map.of("name", "x")).status())
                .isEqualTo(401);
        // Health, the API document and the web UI's files hold no data.
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
    }

    @Test
    void aWrongOrRevokedTokenIsRefusedAndSaysSo() {
        Http.Response r = http().as("dsc_not-a-token").get("/api/runs");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("detail").asString()).contains("unknown, revoked or expired");

        Http.Response made = http().post("/api/tokens", Map.of("name", "laptop"));
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        String token = made.json().get("token").asString();
        long id = made.json().get("id").asLong();
        assertThat(token).startsWith("dsc_");
        assertThat(http().as(token).get("/api/runs").status()).isEqualTo(200);

        // The list shows which token is which and when it was used, never the secret.
        Http.Response list = http().get("/api/tokens");
        assertThat(list.text()).doesNotContain(token).contains("laptop");
        JsonNode laptop = null;
        for (JsonNode t : list.json()) if (t.get("id").asLong() == id) laptop = t;
        assertThat(laptop).isNotNull();
        assertThat(token).startsWith(laptop.get("prefix").asString());
        assertThat(laptop.get("lastUsedAt").isNull()).isFalse();

        assertThat(http().delete("/api/tokens/" + id).status()).isEqualTo(204);
        assertThat(http().as(token).get("/api/runs").status()).isEqualTo(401);
    }

    @Test
    void aBrowserSignsInWithAPasswordAndItsChangesNeedTheCsrfToken() {
        String password = "a-long-enough-password";
        String name = "alice-" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(http().post("/api/users", Map.of("username", name, "password", password, "role", "member"))
                        .status())
                .isEqualTo(201);
        Browser stranger = Browser.anonymous(http().base());
        stranger.get("/");
        Http.Response wrong =
                stranger.post("/api/session", json(Map.of("username", name, "password", "wrong-password")));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("detail").asString()).isEqualTo("wrong username or password");

        Browser browser = Browser.signIn(http().base(), name, password);
        Http.Response me = browser.get("/api/session");
        assertThat(me.json().get("username").asString()).isEqualTo(name);
        assertThat(me.json().get("role").asString()).isEqualTo("MEMBER");
        assertThat(browser.get("/api/runs").status()).isEqualTo(200);

        // What another site's page can make the browser send: its cookies, but not the CSRF header.
        Http.Response forged =
                browser.withoutCsrf("POST", "/api/experiments", "{\"name\": \"forged\"}", "application/json");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.json().get("detail").asString()).contains("CSRF");
        Http.Response form =
                browser.withoutCsrf("POST", "/api/experiments", "name=forged", "application/x-www-form-urlencoded");
        assertThat(form.status()).isEqualTo(403);
        assertThat(http().get("/api/experiments").text()).doesNotContain("forged");

        assertThat(browser.post("/api/experiments", json(Map.of("name", name + "'s")))
                        .status())
                .isEqualTo(201);

        assertThat(browser.delete("/api/session").status()).isEqualTo(204);
        assertThat(browser.get("/api/runs").status()).isEqualTo(401);
    }

    @Test
    void theFirstAdminSetsAPasswordAfterSigningInWithItsToken() {
        Browser browser = Browser.anonymous(http().base());
        browser.get("/");
        Http.Response in = browser.post("/api/session", json(Map.of("token", Http.ADMIN_TOKEN)));
        assertThat(in.status()).as(in.toString()).isEqualTo(200);
        assertThat(in.json().get("role").asString()).isEqualTo("ADMIN");
        Http.Response users = http().get("/api/users");
        assertThat(users.text()).contains("\"admin\"");
    }

    @Test
    void aViewerReadsButChangesNothingAndOnlyAdminsAdministerAccounts() {
        Http viewer = Fixtures.user(http(), "viewer");
        assertThat(viewer.get("/api/experiments").status()).isEqualTo(200);
        Http.Response refused = viewer.post("/api/experiments", Map.of("name", "by a viewer"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        // A viewer still checks a spec as it is typed: nothing is stored.
        assertThat(viewer.post("/api/models/validate", Fixtures.TINY_MODEL).status())
                .isEqualTo(200);

        Http member = Fixtures.user(http(), "member");
        assertThat(member.get("/api/users").status()).isEqualTo(403);
        assertThat(member.post("/api/users", Map.of("username", "mallory", "password", "x".repeat(20)))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void passwordsAndUsernamesAreCheckedNamingTheField() {
        Http.Response shortPassword =
                http().post("/api/users", Map.of("username", "bob", "password", "short", "role", "member"));
        assertThat(shortPassword.status()).isEqualTo(400);
        assertThat(shortPassword.json().get("field").asString()).isEqualTo("password");
        Http.Response badName = http().post("/api/users", Map.of("username", "a b", "password", "x".repeat(20)));
        assertThat(badName.json().get("field").asString()).isEqualTo("username");
        Http.Response badRole =
                http().post("/api/users", Map.of("username", "carol", "password", "x".repeat(20), "role", "root"));
        assertThat(badRole.json().get("field").asString()).isEqualTo("role");
    }

    private static String json(Map<String, ?> body) {
        return Http.JSON.writeValueAsString(body);
    }
}
