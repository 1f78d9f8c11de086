package dev.lineup.auth;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The backoff policy on its own, with a clock the test moves. */
class LoginThrottleTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  /** 3 free per username (at most 8 s), 5 free per address (at most 60 s). */
  private final LoginThrottle throttle = new LoginThrottle(
      new LoginOptions(3, 8, 5, 60, 1, 2, "", 30, 1000), now::get);

  @Test
  void aUsernameIsSlowedDownExponentiallyAfterItsFreeFailuresAndCapped() {
    for (int i = 0; i < 3; i++) {
      assertThat(throttle.retryAfterSeconds("admin", "10.0.0." + i)).isZero();
      throttle.failed("admin", "10.0.0." + i);
    }
    assertThat(throttle.retryAfterSeconds("admin", "10.0.0.99")).isZero();
    throttle.failed("admin", "10.0.0.3");
    assertThat(throttle.retryAfterSeconds("admin", "10.0.0.99")).isEqualTo(1);
    long[] expected = {2, 4, 8, 8, 8};
    for (long seconds : expected) {
      throttle.failed("admin", "10.0.1." + seconds);
      assertThat(throttle.retryAfterSeconds("admin", "10.0.0.99")).isEqualTo(seconds);
    }
    // Other usernames are not affected.
    assertThat(throttle.retryAfterSeconds("olga", "10.0.0.99")).isZero();
    now.addAndGet(8_000);
    assertThat(throttle.retryAfterSeconds("admin", "10.0.0.99")).as("the cap is short").isZero();
  }

  @Test
  void anAddressIsSlowedDownForEveryUsernameAndLonger() {
    for (int i = 0; i < 5; i++) throttle.failed("user" + i, "192.0.2.1");
    assertThat(throttle.retryAfterSeconds("someone-else", "192.0.2.1")).isZero();
    for (int i = 0; i < 10; i++) throttle.failed("user-x" + i, "192.0.2.1");
    assertThat(throttle.retryAfterSeconds("someone-else", "192.0.2.1")).isEqualTo(60);
    assertThat(throttle.retryAfterSeconds("someone-else", "192.0.2.2")).isZero();
  }

  @Test
  void anIpv6AddressCountsWithItsWholeSlash64() {
    for (int i = 0; i < 6; i++) throttle.failed("u" + i, "2001:db8:1:2::" + Integer.toHexString(i + 1));
    assertThat(throttle.retryAfterSeconds("v", "2001:db8:1:2:ffff::1")).isPositive();
    assertThat(throttle.retryAfterSeconds("v", "2001:db8:1:3::1")).isZero();
  }

  @Test
  void anAddressWhereTheUserLoggedInBeforeSkipsTheUsernameLimitButNotItsOwn() {
    throttle.succeeded("admin", "198.51.100.7");
    for (int i = 0; i < 10; i++) throttle.failed("admin", "10.9.0." + i);
    assertThat(throttle.retryAfterSeconds("admin", "10.9.9.9")).isPositive();
    assertThat(throttle.isKnown("admin", "198.51.100.7")).isTrue();
    assertThat(throttle.retryAfterSeconds("admin", "198.51.100.7")).isZero();

    for (int i = 0; i < 6; i++) throttle.failed("admin", "198.51.100.7");
    assertThat(throttle.retryAfterSeconds("admin", "198.51.100.7")).as("its address limit still holds").isPositive();
    assertThat(throttle.isKnown("olga", "198.51.100.7")).isFalse();
  }

  @Test
  void aSuccessClearsTheUsernameButNotTheAddress() {
    for (int i = 0; i < 8; i++) throttle.failed("admin", "192.0.2.50");
    now.addAndGet(60_000);
    throttle.succeeded("admin", "192.0.2.60");
    assertThat(throttle.retryAfterSeconds("admin", "192.0.2.61")).isZero();
    throttle.failed("admin", "192.0.2.50");
    assertThat(throttle.retryAfterSeconds("olga", "192.0.2.50")).as("the address keeps its count").isPositive();
  }

  @Test
  void failuresAreForgottenAfterAnHourWithoutNewOnes() {
    for (int i = 0; i < 20; i++) throttle.failed("admin", "192.0.2.9");
    now.addAndGet(LoginThrottle.FORGET_AFTER_MILLIS + 1);
    assertThat(throttle.retryAfterSeconds("admin", "192.0.2.9")).isZero();
    throttle.failed("admin", "192.0.2.9");
    assertThat(throttle.retryAfterSeconds("admin", "192.0.2.9")).as("counting starts again").isZero();
  }
}
