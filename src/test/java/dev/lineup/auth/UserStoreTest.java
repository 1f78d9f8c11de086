package dev.lineup.auth;

import dev.lineup.schedule.FieldError;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static dev.lineup.auth.TestTokens.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The user store over a real (embedded) MongoDB wire connection. */
class UserStoreTest {

  private Vertx vertx;
  private EmbeddedMongo mongo;
  private UserStore users;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    mongo = new EmbeddedMongo(vertx);
    users = new UserStore(mongo.client, new PasswordHasher(vertx, 20_000));
  }

  @AfterEach
  void stop() throws Exception {
    mongo.close();
    await(vertx.close());
  }

  @Test
  void ensureAdminCreatesAnAdminOfEverythingOnceAndNeverOverwritesIt() throws Exception {
    await(users.ensureAdmin("first-password"));
    await(users.ensureAdmin("second-password"));

    Principal admin = await(users.login("admin", "first-password")).principal();
    assertThat(admin).isEqualTo(Principal.of("admin", List.of("admin"), List.of("*")));
    assertThat(rejection(() -> await(users.login("admin", "second-password"))).failure())
        .isEqualTo(Failure.UNAUTHENTICATED);
  }

  @Test
  void storesAHashNeverThePassword() throws Exception {
    await(users.create("carol", "carols-password", List.of("organizer"), List.of("dali2018-theory")));

    JsonObject doc = await(mongo.client.findOne(UserStore.COLLECTION, new JsonObject().put("_id", "carol"), null));
    assertThat(doc.fieldNames()).containsExactlyInAnyOrder("_id", "hash", "roles", "workshops", "disabled", "tokenVersion");
    assertThat(doc.getString("hash")).startsWith("$pbkdf2$").doesNotContain("carols-password");
    assertThat(doc.encode()).doesNotContain("carols-password");
  }

  @Test
  void loginAnswersTheSameForAWrongPasswordAndAnUnknownUser() throws Exception {
    await(users.create("carol", "carols-password", List.of("organizer"), List.of("dali2018-theory")));

    assertThat(await(users.login("carol", "carols-password")).principal())
        .isEqualTo(Principal.of("carol", List.of("organizer"), List.of("dali2018-theory")));
    Rejection wrongPassword = rejection(() -> await(users.login("carol", "wrong-password")));
    Rejection unknownUser = rejection(() -> await(users.login("nobody", "carols-password")));
    Rejection impossibleName = rejection(() -> await(users.login("{\"$ne\":null}", "x")));
    Rejection nulls = rejection(() -> await(users.login(null, null)));

    for (Rejection r : List.of(wrongPassword, unknownUser, impossibleName, nulls)) {
      assertThat(r.failure()).isEqualTo(Failure.UNAUTHENTICATED);
      assertThat(r.detail()).isEqualTo(wrongPassword.detail());
    }
  }

  /** An unknown user costs a hash verification too, so timing does not tell which users exist. */
  @Test
  void anUnknownUserTakesAboutAsLongAsAWrongPassword() throws Exception {
    UserStore slow = new UserStore(mongo.client, new PasswordHasher(vertx, 200_000));
    await(slow.create("carol", "carols-password", List.of("organizer"), List.of()));
    rejection(() -> await(slow.login("nobody", "warm-up")));

    long wrongPassword = medianNanos(() -> rejection(() -> await(slow.login("carol", "wrong-password"))));
    long unknownUser = medianNanos(() -> rejection(() -> await(slow.login("nobody", "wrong-password"))));

    // Loose on purpose (shared CI machine): without the decoy hash the ratio is ~1/100.
    assertThat(unknownUser).isGreaterThan(wrongPassword / 3);
  }

  @Test
  void createValidatesEveryFieldAndNamesIt() {
    Rejection r = rejection(() -> await(users.create("Bad Name", "short", List.of("organizer", "root"), List.of("ok", "no spaces"))));

    assertThat(r.failure()).isEqualTo(Failure.INVALID);
    assertThat(r.errors()).extracting(FieldError::path)
        .containsExactlyInAnyOrder("username", "password", "roles[1]", "workshops[1]");
    assertThat(rejection(() -> await(users.create("dave", "long-enough", List.of(), List.of()))).errors())
        .extracting(FieldError::path).containsExactly("roles");
    assertThat(rejection(() -> await(users.create("$where", "long-enough", List.of("admin"), null))).errors())
        .extracting(FieldError::path).containsExactly("username");
  }

  @Test
  void aTakenUsernameIsAConflict() throws Exception {
    await(users.create("carol", "carols-password", List.of("organizer"), List.of()));

    Rejection r = rejection(() -> await(users.create("carol", "other-password", List.of("admin"), List.of("*"))));

    assertThat(r.failure()).isEqualTo(Failure.CONFLICT);
    assertThat(await(users.login("carol", "carols-password")).principal().isAdmin()).isFalse();
  }

  @Test
  void listsUsersByNameWithoutHashes() throws Exception {
    await(users.create("zoe", "zoes-password", List.of("display"), List.of("w1")));
    await(users.ensureAdmin("admin-password"));

    assertThat(await(users.list())).extracting(UserStore.User::principal).containsExactly(
        Principal.of("admin", List.of("admin"), List.of("*")),
        Principal.of("zoe", List.of("display"), List.of("w1")));
  }

  @Test
  void aNewPasswordReplacesTheOldOneAndMovesTheTokenVersion() throws Exception {
    await(users.create("carol", "carols-password", List.of("organizer"), List.of()));
    long before = await(users.get("carol")).tokenVersion();
    waitForTheClockToMove(before);

    UserStore.User after = await(users.setPassword("carol", "new-password-1"));

    assertThat(after.tokenVersion()).isGreaterThan(before);
    assertThat(await(users.login("carol", "new-password-1")).username()).isEqualTo("carol");
    assertThat(rejection(() -> await(users.login("carol", "carols-password"))).failure()).isEqualTo(Failure.UNAUTHENTICATED);
    assertThat(rejection(() -> await(users.setPassword("carol", "short"))).errors()).extracting(FieldError::path)
        .containsExactly("password");
    assertThat(rejection(() -> await(users.setPassword("nobody", "long-enough-1"))).failure()).isEqualTo(Failure.NOT_FOUND);
  }

  @Test
  void aDisabledUserCannotLogInEvenWithTheRightPassword() throws Exception {
    await(users.create("carol", "carols-password", List.of("organizer"), List.of()));

    assertThat(await(users.setDisabled("carol", true)).disabled()).isTrue();
    assertThat(rejection(() -> await(users.login("carol", "carols-password"))).failure()).isEqualTo(Failure.FORBIDDEN);
    // A wrong password says nothing about the account.
    assertThat(rejection(() -> await(users.login("carol", "wrong-password"))).failure()).isEqualTo(Failure.UNAUTHENTICATED);

    assertThat(await(users.setDisabled("carol", false)).disabled()).isFalse();
    assertThat(await(users.login("carol", "carols-password")).username()).isEqualTo("carol");
  }

  @Test
  void theLastEnabledAdminCanBeNeitherDisabledNorDeleted() throws Exception {
    await(users.ensureAdmin("admin-password"));
    assertThat(await(users.hasAdmin())).isTrue();

    assertThat(rejection(() -> await(users.setDisabled("admin", true))).failure()).isEqualTo(Failure.CONFLICT);
    assertThat(rejection(() -> await(users.delete("admin"))).failure()).isEqualTo(Failure.CONFLICT);

    await(users.create("second", "second-password", List.of("admin"), List.of("*")));
    await(users.setDisabled("admin", true));
    assertThat(rejection(() -> await(users.delete("second"))).failure()).isEqualTo(Failure.CONFLICT);
    await(users.setDisabled("admin", false));
    await(users.delete("second"));
    assertThat(rejection(() -> await(users.get("second"))).failure()).isEqualTo(Failure.NOT_FOUND);
    assertThat(rejection(() -> await(users.delete("second"))).failure()).isEqualTo(Failure.NOT_FOUND);
  }

  @Test
  void hasAdminIsFalseWithoutAnEnabledAdmin() throws Exception {
    assertThat(await(users.hasAdmin())).isFalse();
    await(users.create("olga", "olgas-password", List.of("organizer"), List.of("*")));
    assertThat(await(users.hasAdmin())).isFalse();
  }

  @Test
  void everyChangeIsAnnounced() throws Exception {
    List<String> announced = Collections.synchronizedList(new ArrayList<>());
    UserStore announcing = new UserStore(mongo.client, new PasswordHasher(vertx, 20_000), announced::add,
        System::currentTimeMillis);
    await(announcing.ensureAdmin("admin-password"));
    await(announcing.create("carol", "carols-password", List.of("organizer"), List.of()));
    await(announcing.setPassword("carol", "new-password-1"));
    await(announcing.setDisabled("carol", true));
    await(announcing.delete("carol"));

    assertThat(announced).containsExactly("admin", "carol", "carol", "carol", "carol");
  }

  private static void waitForTheClockToMove(long since) {
    dev.lineup.support.Await.until("the clock to move", java.time.Duration.ofSeconds(1),
        () -> System.currentTimeMillis() > since);
  }

  private interface Call {
    Object run() throws Exception;
  }

  private static Rejection rejection(Call call) {
    Throwable thrown = catchThrowable(call::run);
    assertThat(thrown).isInstanceOf(Rejection.class);
    return (Rejection) thrown;
  }

  private static long medianNanos(Runnable run) {
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      run.run();
      times.add(System.nanoTime() - start);
    }
    Collections.sort(times);
    return times.get(1);
  }
}
