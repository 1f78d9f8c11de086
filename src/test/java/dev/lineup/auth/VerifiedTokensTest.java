package dev.lineup.auth;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Verified tokens are kept until their exp, never after, and never more than the bound. */
class VerifiedTokensTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

  private JsonObject claims(long expSeconds) {
    return new JsonObject().put("sub", "ada").put("exp", expSeconds);
  }

  @Test
  void keptUntilItsExpiryThenForgotten() {
    VerifiedTokens tokens = new VerifiedTokens(now::get, 10);
    long exp = now.get() / 1000 + 60;
    tokens.keep("t1", claims(exp));
    assertThat(tokens.claims("t1")).hasValueSatisfying(c -> assertThat(c.getString("sub")).isEqualTo("ada"));
    now.set(exp * 1000 - 1);
    assertThat(tokens.claims("t1")).isPresent();
    now.set(exp * 1000);
    assertThat(tokens.claims("t1")).isEmpty();
    assertThat(tokens.size()).isZero();
  }

  @Test
  void keepsNothingExpiredOrWithoutANumericExp() {
    VerifiedTokens tokens = new VerifiedTokens(now::get, 10);
    tokens.keep("old", claims(now.get() / 1000 - 1));
    tokens.keep("none", new JsonObject().put("sub", "ada"));
    tokens.keep("text", new JsonObject().put("sub", "ada").put("exp", "tomorrow"));
    assertThat(tokens.size()).isZero();
  }

  @Test
  void theCallersClaimsAreNotTheKeptOnes() {
    VerifiedTokens tokens = new VerifiedTokens(now::get, 10);
    JsonObject verified = claims(now.get() / 1000 + 60);
    tokens.keep("t", verified);
    verified.put("sub", "eve");
    assertThat(tokens.claims("t").orElseThrow().getString("sub")).isEqualTo("ada");
  }

  @Test
  void boundedExpiredGoFirstThenAll() {
    VerifiedTokens tokens = new VerifiedTokens(now::get, 3);
    long soon = now.get() / 1000 + 10;
    long later = now.get() / 1000 + 1000;
    tokens.keep("a", claims(soon));
    tokens.keep("b", claims(later));
    tokens.keep("c", claims(later));
    now.set(soon * 1000);
    tokens.keep("d", claims(later));
    assertThat(tokens.size()).isEqualTo(3);
    assertThat(tokens.claims("b")).isPresent();
    tokens.keep("e", claims(later));
    assertThat(tokens.size()).isLessThanOrEqualTo(3);
    assertThat(tokens.claims("e")).isPresent();
  }
}
