package dev.lineup.bus;

import dev.lineup.support.JsEvolve;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The pages' copy of the addresses (webroot/js/addresses.js, run under Node) says what Java says. */
class AddressesAgreeTest {

  private static final Path MODULE = Path.of("webroot/js/addresses.js").toAbsolutePath();

  /** What the module exports, as JSON: the constants, the addresses of workshop "w-1", the notices. */
  private static JsonObject javascript() throws Exception {
    String script = """
        const a = await import(process.argv[1]);
        process.stdout.write(JSON.stringify({ commands: a.COMMANDS, workshop: a.workshop('w-1'),
          presence: a.presence('w-1'), notices: a.Notice }));
        """;
    Process node = new ProcessBuilder("node", "--input-type=module", "-e", script, MODULE.toUri().toString())
        .redirectErrorStream(true).start();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(node.exitValue()).as(out).isZero();
    return new JsonObject(out);
  }

  /** Every notice type of {@link Addresses.Notice}, by constant name. */
  private static JsonObject javaNotices() throws IllegalAccessException {
    JsonObject notices = new JsonObject();
    for (Field f : Addresses.Notice.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) notices.put(f.getName(), f.get(null));
    }
    return notices;
  }

  @Test
  void theJavaScriptRegistryAgreesWithTheJavaOne() throws Exception {
    assumeTrue(JsEvolve.nodeAvailable(), "node is not installed");
    JsonObject js = javascript();
    assertThat(js.getString("commands")).isEqualTo(Addresses.COMMANDS);
    assertThat(js.getString("workshop")).isEqualTo(Addresses.workshop("w-1"));
    assertThat(js.getString("presence")).isEqualTo(Addresses.presence("w-1"));
    assertThat(js.getJsonObject("notices")).isEqualTo(javaNotices());
    assertThat(javaNotices().fieldNames()).contains("LAGGING", "CHANGES_PAUSED", "CHANGES_RESUMED", "REGISTERED");
  }
}
