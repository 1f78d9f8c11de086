package dev.lineup.auth;

import dev.lineup.api.Problems;
import dev.lineup.schedule.Rejection;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static dev.lineup.auth.TestTokens.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The auth endpoints over a real HTTP server and socket. */
class AuthRoutesTest {

  private static Vertx vertx;
  private static EmbeddedMongo mongo;
  private static JwtAuthenticator authenticator;
  private static HttpServer server;
  private static final HttpClient http = HttpClient.newHttpClient();
  @TempDir
  static Path dataDir;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    mongo = new EmbeddedMongo(vertx);
    AuthOptions options = new AuthOptions(null, dataDir, "lineup", "lineup", 5, 30, List.of());
    authenticator = await(JwtAuthenticator.create(vertx, options));
    UserStore users = new UserStore(mongo.client, new PasswordHasher(vertx, 20_000));
    await(users.ensureAdmin("admin-password"));
    await(users.create("olga", "olgas-password", List.of("organizer"), List.of("w1")));

    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create().setBodyLimit(10_000));
    AuthRoutes.mount(router, authenticator, users, options);
    router.route().failureHandler(AuthRoutesTest::renderFailure);
    server = await(vertx.createHttpServer().requestHandler(router).listen(0));
  }

  /** Stands in for the lead's problem+json renderer: status and detail are what matter here. */
  private static void renderFailure(io.vertx.ext.web.RoutingContext ctx) {
    int status = ctx.failure() instanceof Rejection ? Problems.status(((Rejection) ctx.failure()).failure()) : 500;
    JsonObject problem = new JsonObject().put("status", status);
    if (ctx.failure() instanceof Rejection) {
      Rejection r = (Rejection) ctx.failure();
      problem.put("detail", r.detail())
          .put("errors", new JsonArray(r.errors().stream().map(e -> e.path()).toList()));
    }
    ctx.response().setStatusCode(status).putHeader("content-type", "application/problem+json").end(problem.encode());
  }

  @AfterAll
  static void stop() throws Exception {
    await(server.close());
    mongo.close();
    await(vertx.close());
  }

  @Test
  void aGoodPasswordGivesATokenTheServerAccepts() throws Exception {
    HttpResponse<String> response = post("/api/token", null, "{\"username\":\"admin\",\"password\":\"admin-password\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
    JsonObject body = new JsonObject(response.body());
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("token", "expiresIn");
    assertThat(body.getInteger("expiresIn")).isEqualTo(30 * 60);
    assertThat(await(authenticator.authenticate("Bearer " + body.getString("token"))))
        .isEqualTo(Principal.of("admin", List.of("admin"), List.of("*")));
  }

  @Test
  void badCredentialsAre401AndBadBodies400Or415() throws Exception {
    assertThat(post("/api/token", null, "{\"username\":\"admin\",\"password\":\"nope-nope\"}").statusCode()).isEqualTo(401);
    assertThat(post("/api/token", null, "{\"username\":\"ghost\",\"password\":\"nope-nope\"}").statusCode()).isEqualTo(401);

    HttpResponse<String> unknownField = post("/api/token", null,
        "{\"username\":\"admin\",\"password\":\"admin-password\",\"roles\":[\"admin\"]}");
    assertThat(unknownField.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(unknownField.body()).getJsonArray("errors")).containsExactly("roles");
    assertThat(post("/api/token", null, "{\"username\":\"admin\"").statusCode()).isEqualTo(400);
    assertThat(post("/api/token", null, "[]").statusCode()).isEqualTo(400);
    assertThat(post("/api/token", null, "").statusCode()).isEqualTo(400);
    assertThat(post("/api/token", null, "{\"username\":\"admin\"}").statusCode()).isEqualTo(400);
    assertThat(post("/api/token", null, "{\"username\":{\"$ne\":null},\"password\":\"x\"}").statusCode()).isEqualTo(400);
    HttpResponse<String> form = http.send(HttpRequest.newBuilder(uri("/api/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=admin-password")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(form.statusCode()).isEqualTo(415);
  }

  @Test
  void userAdministrationIsForAdminsOnly() throws Exception {
    String organizer = token("olga", "olgas-password");
    String newUser = "{\"username\":\"screen-1\",\"password\":\"screen-password\",\"roles\":[\"display\"],\"workshops\":[\"w1\"]}";

    assertThat(get("/api/users", null).statusCode()).isEqualTo(401);
    assertThat(get("/api/users", "Bearer not-a-token").statusCode()).isEqualTo(401);
    assertThat(get("/api/users", "Bearer " + organizer).statusCode()).isEqualTo(403);
    assertThat(post("/api/users", null, newUser).statusCode()).isEqualTo(401);
    assertThat(post("/api/users", "Bearer " + organizer, newUser).statusCode()).isEqualTo(403);
    // Nothing was created by the refused calls.
    assertThat(post("/api/token", null, "{\"username\":\"screen-1\",\"password\":\"screen-password\"}").statusCode())
        .isEqualTo(401);
  }

  @Test
  void anAdminCreatesAndListsUsers() throws Exception {
    String admin = "Bearer " + token("admin", "admin-password");

    HttpResponse<String> created = post("/api/users", admin,
        "{\"username\":\"pat\",\"password\":\"pats-password\",\"roles\":[\"organizer\"],\"workshops\":[\"w2\",\"w3\"]}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(new JsonObject(created.body())).isEqualTo(new JsonObject()
        .put("username", "pat").put("roles", new JsonArray().add("organizer"))
        .put("workshops", new JsonArray().add("w2").add("w3")));

    Principal pat = await(authenticator.authenticate("Bearer " + token("pat", "pats-password")));
    assertThat(pat.mayEdit("w2")).isTrue();
    assertThat(pat.mayEdit("w1")).isFalse();

    assertThat(post("/api/users", admin,
        "{\"username\":\"pat\",\"password\":\"pats-password\",\"roles\":[\"organizer\"]}").statusCode()).isEqualTo(409);
    HttpResponse<String> invalid = post("/api/users", admin,
        "{\"username\":\"quinn\",\"password\":\"short\",\"roles\":[\"superuser\"]}");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(invalid.body()).getJsonArray("errors")).containsExactlyInAnyOrder("password", "roles[0]");
    assertThat(post("/api/users", admin,
        "{\"username\":\"quinn\",\"password\":\"quinns-password\",\"roles\":[\"admin\"],\"hash\":\"x\"}").statusCode())
        .isEqualTo(400);

    HttpResponse<String> list = get("/api/users", admin);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).doesNotContain("hash").doesNotContain("password");
    JsonArray users = new JsonArray(list.body());
    assertThat(users.stream().map(u -> ((JsonObject) u).getString("username")).toList())
        .contains("admin", "olga", "pat").doesNotContain("quinn").isSorted();
  }

  private static String token(String username, String password) throws Exception {
    HttpResponse<String> response = post("/api/token", null,
        new JsonObject().put("username", username).put("password", password).encode());
    assertThat(response.statusCode()).isEqualTo(200);
    return new JsonObject(response.body()).getString("token");
  }

  private static HttpResponse<String> post(String path, String authorization, String json) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (authorization != null) request.header("authorization", authorization);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
    if (authorization != null) request.header("authorization", authorization);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.actualPort() + path);
  }
}
