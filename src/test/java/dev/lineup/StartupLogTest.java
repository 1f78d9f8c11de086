package dev.lineup;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.lineup.support.TestNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a node says when it starts: loudly, when nobody could sign in to change anything. */
class StartupLogTest {

  private final Logger log = (Logger) LoggerFactory.getLogger(dev.lineup.auth.Auth.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void listen() {
    logged.start();
    log.addAppender(logged);
  }

  @AfterEach
  void stopListening() {
    log.detachAppender(logged);
  }

  private boolean saidNoAdmin() {
    return logged.list.stream().anyMatch(e -> e.getLevel() == Level.WARN
        && e.getFormattedMessage().contains("No admin user exists")
        && e.getFormattedMessage().contains("LINEUP_ADMIN_PASSWORD"));
  }

  @Test
  void aFirstStartWithoutAnAdminPasswordSaysThatNoAdminExists() {
    try (TestNode node = TestNode.start()) {
      assertThat(saidNoAdmin()).isTrue();
    }
  }

  @Test
  void aStartWithAnAdminPasswordDoesNot() {
    try (TestNode node = TestNode.start(Map.of("admin_password", "admin-password-for-tests"))) {
      assertThat(saidNoAdmin()).isFalse();
      assertThat(node.http.post("/api/token", "application/json",
          "{\"username\":\"admin\",\"password\":\"admin-password-for-tests\"}").status()).isEqualTo(200);
    }
  }
}
