package dev.lineup.auth;

import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logins, users and token refresh on a real node over HTTP: every user-management operation, and
 * the tokens of a user who was deleted, disabled or had their password reset refused at once.
 */
class AuthRoutesTest {

  @RegisterExtension
  static final TestNode node = TestNode.extension(Map.of("admin_password", "admin-password", "password_hash_iterations", 20_000,
      "login_address_free_failures", 1_000, "login_user_free_failures", 1_000, "token_minutes", 30));
  private static final Http http = node.http;

  @BeforeAll
  static void start() {
    // Throttling has tests of its own (LoginThrottlingTest); these logins all come from 127.0.0.1.
    Http.Response w1 = http.postJson("/api/workshops", node.adminToken(), new JsonObject().put("id", "w1")
        .put("title", "W1").put("date", "2026-11-26")
        .put("talks", new JsonArray().add(new JsonObject().put("title", "Opening").put("start", "09:00").put("end", "09:30"))));
    assertThat(w1.status()).as(w1.body()).isEqualTo(201);
    createUser("olga", "olgas-password", "organizer", "w1");
  }

  @Test
  void aGoodPasswordGivesATokenTheServerAccepts() {
    Http.Response response = login("admin", "admin-password");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("cache-control")).isEqualTo("no-store");
    JsonObject body = response.json();
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("token", "expiresIn");
    assertThat(body.getInteger("expiresIn")).isBetween(30 * 60 - 2, 30 * 60);
    JsonObject header = part(body.getString("token"), 0);
    assertThat(header.getString("kid")).isEqualTo(JwtKeys.keyId(TestNode.SECRET));
    assertThat(part(body.getString("token"), 1).getLong("tv")).isPositive();
    assertThat(users(body.getString("token")).status()).isEqualTo(200);
  }

  @Test
  void badCredentialsAre401AndBadBodies400Or415() {
    assertProblem(login("admin", "nope-nope"), 401);
    assertProblem(login("ghost", "nope-nope"), 401);

    Http.Response unknownField = http.post("/api/token", "application/json",
        "{\"username\":\"admin\",\"password\":\"admin-password\",\"roles\":[\"admin\"]}");
    assertProblem(unknownField, 400);
    assertThat(unknownField.json().getJsonArray("errors").getJsonObject(0).getString("path")).isEqualTo("roles");
    for (String bad : List.of("{\"username\":\"admin\"", "[]", "", "{\"username\":\"admin\"}",
        "{\"username\":{\"$ne\":null},\"password\":\"x\"}")) {
      assertProblem(http.post("/api/token", "application/json", bad), 400);
    }
    assertProblem(http.post("/api/token", "application/x-www-form-urlencoded", "username=admin&password=admin-password"), 415);
  }

  @Test
  void userAdministrationIsForAdminsOnly() {
    String organizer = token("olga", "olgas-password");
    JsonObject newUser = user("screen-1", "screen-password", "display", "w1");

    assertProblem(http.get("/api/users"), 401);
    assertProblem(http.get("/api/users", "Authorization", "Bearer not-a-token"), 401);
    assertProblem(users(organizer), 403);
    assertProblem(http.postJson("/api/users", null, newUser), 401);
    assertProblem(http.postJson("/api/users", organizer, newUser), 403);
    assertProblem(http.call("PATCH", "/api/users/olga", organizer, new JsonObject().put("disabled", true)), 403);
    assertProblem(http.call("DELETE", "/api/users/olga", organizer, null), 403);
    assertProblem(http.call("PUT", "/api/users/olga/password", organizer, new JsonObject().put("password", "taken-over")), 403);
    // Nothing was created or changed by the refused calls.
    assertProblem(login("screen-1", "screen-password"), 401);
    assertThat(login("olga", "olgas-password").status()).isEqualTo(200);
  }

  @Test
  void anAdminCreatesAndListsUsers() {
    String admin = token("admin", "admin-password");

    Http.Response created = http.postJson("/api/users", admin, user("pat", "pats-password", "organizer", "w2", "w3"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json()).isEqualTo(new JsonObject()
        .put("username", "pat").put("roles", new JsonArray().add("organizer"))
        .put("workshops", new JsonArray().add("w2").add("w3")).put("disabled", false));
    Principal pat = await(node.lineup().authenticator().authenticate("Bearer " + token("pat", "pats-password")));
    assertThat(pat.mayEdit("w2")).isTrue();
    assertThat(pat.mayEdit("w1")).isFalse();

    assertProblem(http.postJson("/api/users", admin, user("pat", "pats-password", "organizer")), 409);
    Http.Response invalid = http.postJson("/api/users", admin,
        new JsonObject().put("username", "quinn").put("password", "short").put("roles", new JsonArray().add("superuser")));
    assertProblem(invalid, 400);
    assertThat(invalid.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("path")).toList())
        .containsExactlyInAnyOrder("password", "roles[0]");
    assertProblem(http.postJson("/api/users", admin, user("quinn", "quinns-password", "admin").put("hash", "x")), 400);

    Http.Response list = users(admin);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body()).doesNotContain("hash").doesNotContain("password").doesNotContain("tokenVersion");
    assertThat(list.array().stream().map(u -> ((JsonObject) u).getString("username")).toList())
        .contains("admin", "olga", "pat").doesNotContain("quinn").isSorted();
  }

  @Test
  void changingOnesOwnPasswordEndsEveryOtherSessionAndGivesANewToken() {
    createUser("rita", "ritas-password", "organizer", "w1");
    String laptop = token("rita", "ritas-password");
    String phone = token("rita", "ritas-password");

    assertProblem(changePassword(laptop, "wrong-password", "ritas-new-password"), 401);
    Http.Response tooShort = changePassword(laptop, "ritas-password", "short");
    assertProblem(tooShort, 400);
    assertThat(tooShort.json().getJsonArray("errors").getJsonObject(0).getString("path")).isEqualTo("new");
    assertThat(mayEdit(phone)).as("nothing changed yet").isEqualTo(200);

    Http.Response changed = changePassword(laptop, "ritas-password", "ritas-new-password");
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(changed.header("cache-control")).isEqualTo("no-store");
    String fresh = changed.json().getString("token");

    assertThat(mayEdit(fresh)).isEqualTo(200);
    assertThat(mayEdit(laptop)).isEqualTo(401);
    assertThat(mayEdit(phone)).isEqualTo(401);
    assertProblem(login("rita", "ritas-password"), 401);
    assertThat(login("rita", "ritas-new-password").status()).isEqualTo(200);
    // A token that belongs to no user (the token CLI's) has no password to change.
    assertProblem(changePassword(node.token("screen-9", List.of("display"), List.of("w1")), "x", "long-enough-1"), 403);
  }

  @Test
  void anAdminResetsAPasswordAndTheUsersTokensStopAtOnce() {
    createUser("sam", "sams-password", "organizer", "w1");
    String sams = token("sam", "sams-password");
    // Minted by the token CLI for the same subject: no tv, bound by when it was issued.
    String minted = node.token("sam", List.of("organizer"), List.of("w1"));
    assertThat(mayEdit(sams)).isEqualTo(200);
    assertThat(mayEdit(minted)).isEqualTo(200);
    String admin = token("admin", "admin-password");
    secondAfter(part(minted, 1).getLong("iat"));

    Http.Response reset = http.call("PUT", "/api/users/sam/password", admin, new JsonObject().put("password", "reset-by-admin"));
    assertThat(reset.status()).as(reset.body()).isEqualTo(204);

    assertThat(mayEdit(sams)).isEqualTo(401);
    assertThat(mayEdit(minted)).isEqualTo(401);
    assertThat(problem(sams).getString("detail")).contains("password").contains("reset");
    assertProblem(login("sam", "sams-password"), 401);
    assertThat(mayEdit(token("sam", "reset-by-admin"))).isEqualTo(200);
    assertProblem(http.call("PUT", "/api/users/nobody/password", admin, new JsonObject().put("password", "long-enough-1")), 404);
    assertProblem(http.call("PUT", "/api/users/sam/password", admin, new JsonObject().put("password", "short")), 400);
  }

  @Test
  void aTokenAlreadyInUseStopsAtOnceWhenItsUserIsDisabled() {
    createUser("umberto", "umberto-password", "organizer", "w1");
    String umberto = token("umberto", "umberto-password");
    String admin = token("admin", "admin-password");
    // Verified once (and kept as verified): its next use must still see the user's state.
    assertThat(mayEdit(umberto)).isEqualTo(200);
    assertThat(mayEdit(umberto)).isEqualTo(200);

    assertThat(http.call("PATCH", "/api/users/umberto", admin, new JsonObject().put("disabled", true)).status()).isEqualTo(200);
    assertThat(mayEdit(umberto)).isEqualTo(401);
    assertThat(problem(umberto).getString("detail")).contains("disabled");
  }

  @Test
  void aDisabledUsersTokensStopAtOnceAndTheyCannotLogIn() {
    createUser("tess", "tess-password", "organizer", "w1");
    String tess = token("tess", "tess-password");
    String admin = token("admin", "admin-password");

    Http.Response disabled = http.call("PATCH", "/api/users/tess", admin, new JsonObject().put("disabled", true));
    assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
    assertThat(disabled.json().getBoolean("disabled")).isTrue();

    assertThat(mayEdit(tess)).isEqualTo(401);
    assertThat(problem(tess).getString("detail")).contains("disabled");
    assertProblem(login("tess", "tess-password"), 403);
    assertProblem(refresh(tess), 401);

    assertThat(http.call("PATCH", "/api/users/tess", admin, new JsonObject().put("disabled", false)).status()).isEqualTo(200);
    assertThat(mayEdit(tess)).as("enabling again does not revive old tokens").isEqualTo(401);
    assertThat(mayEdit(token("tess", "tess-password"))).isEqualTo(200);
    assertProblem(http.call("PATCH", "/api/users/tess", admin, new JsonObject().put("disabled", "yes")), 400);
    assertProblem(http.call("PATCH", "/api/users/nobody", admin, new JsonObject().put("disabled", true)), 404);
  }

  @Test
  void aDeletedUsersTokensStopAtOnceAlsoWhenTheNameIsTakenAgain() {
    createUser("uma", "umas-password", "organizer", "w1");
    String uma = token("uma", "umas-password");
    String admin = token("admin", "admin-password");

    assertThat(http.call("DELETE", "/api/users/uma", admin, null).status()).isEqualTo(204);
    assertThat(mayEdit(uma)).isEqualTo(401);
    assertThat(problem(uma).getString("detail")).contains("no longer exists");
    assertProblem(login("uma", "umas-password"), 401);
    assertProblem(http.call("DELETE", "/api/users/uma", admin, null), 404);

    createUser("uma", "umas-password", "organizer", "w1");
    assertThat(mayEdit(uma)).as("a new user of the same name is not the old one").isEqualTo(401);
  }

  @Test
  void theLastAdminCannotBeDeletedOrDisabled() {
    String admin = token("admin", "admin-password");
    assertProblem(http.call("DELETE", "/api/users/admin", admin, null), 409);
    assertProblem(http.call("PATCH", "/api/users/admin", admin, new JsonObject().put("disabled", true)), 409);
    assertThat(login("admin", "admin-password").status()).isEqualTo(200);
  }

  @Test
  void aRefreshGivesAFreshTokenForTheSameSubjectRolesAndWorkshops() {
    String olga = token("olga", "olgas-password");
    long firstExp = part(olga, 1).getLong("exp");
    secondAfter(part(olga, 1).getLong("iat"));

    Http.Response refreshed = refresh(olga);
    assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
    assertThat(refreshed.header("cache-control")).isEqualTo("no-store");
    String token = refreshed.json().getString("token");
    assertThat(refreshed.json().getLong("expiresIn")).isBetween(30 * 60L - 2, 30 * 60L);
    JsonObject claims = part(token, 1);
    assertThat(claims.getString("sub")).isEqualTo("olga");
    assertThat(claims.getJsonArray("roles")).containsExactly("organizer");
    assertThat(claims.getJsonArray("workshops")).containsExactly("w1");
    assertThat(claims.getLong("exp")).isGreaterThan(firstExp);
    assertThat(claims.getLong("tv")).isEqualTo(part(olga, 1).getLong("tv"));
    assertThat(mayEdit(token)).isEqualTo(200);

    // A CLI token refreshes too (the planner's screens use them).
    assertThat(refresh(node.organizerToken("script-1", "w1")).status()).isEqualTo(200);
    assertProblem(refresh(null), 401);
    assertProblem(refresh("garbage"), 401);
    long now = Instant.now().getEpochSecond();
    JsonObject expired = new JsonObject().put("sub", "olga").put("roles", new JsonArray().add("organizer"))
        .put("iss", "lineup").put("aud", "lineup").put("iat", now - 7200).put("exp", now - 3600);
    assertProblem(refresh(TestTokens.hs256(TestNode.SECRET, expired)), 401);
  }

  @Test
  void theOpenApiContractNamesEveryAuthRoute() {
    String contract = http.get("/openapi.yaml").body();
    for (String path : List.of("/api/token:", "/api/token/refresh:", "/api/me/password:", "/api/users:",
        "/api/users/{username}:", "/api/users/{username}/password:", "/api/service-accounts:",
        "/api/service-accounts/{name}:")) {
      assertThat(contract).as(path).contains("\n  " + path);
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static <T> T await(io.vertx.core.Future<T> future) {
    return dev.lineup.support.Await.result(future, java.time.Duration.ofSeconds(10));
  }

  private static void createUser(String username, String password, String role, String... workshops) {
    Http.Response r = http.postJson("/api/users", node.adminToken(), user(username, password, role, workshops));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  private static JsonObject user(String username, String password, String role, String... workshops) {
    return new JsonObject().put("username", username).put("password", password)
        .put("roles", new JsonArray().add(role)).put("workshops", new JsonArray(List.of(workshops)));
  }

  private static Http.Response login(String username, String password) {
    return http.postJson("/api/token", null, new JsonObject().put("username", username).put("password", password));
  }

  private static String token(String username, String password) {
    Http.Response r = login(username, password);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().getString("token");
  }

  private static Http.Response users(String token) {
    return http.get("/api/users", "Authorization", "Bearer " + token);
  }

  private static Http.Response refresh(String token) {
    return token == null ? http.post("/api/token/refresh", "application/json", "")
        : http.post("/api/token/refresh", "application/json", "", "Authorization", "Bearer " + token);
  }

  private static Http.Response changePassword(String token, String current, String next) {
    return http.postJson("/api/me/password", token, new JsonObject().put("current", current).put("new", next));
  }

  /** The status of a change to workshop w1 with this token: 200 when the token is good. */
  private static int mayEdit(String token) {
    return edit(token).status();
  }

  private static JsonObject problem(String token) {
    return edit(token).json();
  }

  private static Http.Response edit(String token) {
    return http.command("w1", token, new JsonObject().put("type", "workshop.update")
        .put("set", new JsonObject().put("room", "Room " + System.nanoTime())));
  }

  /** Waits until the clock is in a later second than {@code epochSecond} (tokens count whole seconds). */
  private static void secondAfter(long epochSecond) {
    dev.lineup.support.Await.until("a second after " + epochSecond, java.time.Duration.ofSeconds(3),
        () -> Instant.now().getEpochSecond() > epochSecond);
  }

  private static void assertProblem(Http.Response r, int status) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().getInteger("status")).isEqualTo(status);
  }

  static JsonObject part(String token, int index) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[index]), StandardCharsets.UTF_8));
  }
}
