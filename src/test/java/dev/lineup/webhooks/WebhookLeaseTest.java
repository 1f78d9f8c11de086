package dev.lineup.webhooks;

import dev.lineup.support.Await;
import dev.lineup.support.TestNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One node delivers a webhook at a time: its lease in the store (claimed with findOneAndUpdate)
 * keeps others out until it runs out or is let go, and only the holder moves the cursor.
 */
class WebhookLeaseTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void onlyTheLeaseHolderDeliversUntilItLetsGoOrItsLeaseRunsOut() {
    try (TestNode node = TestNode.start()) {
      WebhookStore store = WebhookStore.open(node.lineup().workshops().store());
      Webhook hook = new Webhook("00000000-0000-0000-0000-00000000feed", "leased", "http://example.org/hook", null,
          Signatures.newSecret(), Webhook.State.ACTIVE, 3, 0, 0, List.of(), Instant.now().toString(), "test", null, null);
      Await.result(store.insert(hook), WAIT);
      long now = System.currentTimeMillis();

      assertThat(Await.result(store.claim(hook.id(), "node-a", now, 10_000), WAIT)).isPresent();
      assertThat(Await.result(store.claim(hook.id(), "node-b", now + 1, 10_000), WAIT)).isEmpty();
      assertThat(Await.result(store.claim(hook.id(), "node-a", now + 2, 10_000), WAIT)).as("renewed").isPresent();
      assertThat(Await.result(store.advance(hook.id(), "node-b", 4, true), WAIT)).as("b moves nothing").isFalse();
      assertThat(Await.result(store.advance(hook.id(), "node-a", 4, true), WAIT)).isTrue();
      assertThat(Await.result(store.advance(hook.id(), "node-a", 4, true), WAIT)).as("never backwards or twice").isFalse();

      // After it ran out, another node takes it, and the first one can no longer move the cursor.
      assertThat(Await.result(store.claim(hook.id(), "node-b", now + 20_000, 10_000), WAIT)).isPresent();
      assertThat(Await.result(store.advance(hook.id(), "node-a", 5, true), WAIT)).isFalse();

      // Let go (a node stopping): the other one may take it at once.
      Await.result(store.release("node-b"), WAIT);
      Webhook claimed = Await.result(store.claim(hook.id(), "node-a", now + 20_001, 10_000), WAIT).orElseThrow();
      assertThat(claimed.cursor()).isEqualTo(4);
    }
  }
}
