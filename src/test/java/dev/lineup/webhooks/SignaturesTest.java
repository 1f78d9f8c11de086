package dev.lineup.webhooks;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SignaturesTest {

  @Test
  void theHeaderIsTheHmacOfTimestampDotBody() {
    // Computed independently: printf '%s' '1700000000.{"workshop":"demo","seq":2}' | openssl dgst -sha256 -hmac test-secret
    byte[] body = "{\"workshop\":\"demo\",\"seq\":2}".getBytes(StandardCharsets.UTF_8);
    assertThat(Signatures.header("test-secret", 1_700_000_000L, body))
        .isEqualTo("t=1700000000,v1=c966a758af1273f18aabeab1d77e737b893934edba975d1b487ca8879aeaaa7a");
  }

  @Test
  void secretsAreLongAndDifferent() {
    String a = Signatures.newSecret();
    assertThat(a).matches("[0-9a-f]{64}").isNotEqualTo(Signatures.newSecret());
  }
}
