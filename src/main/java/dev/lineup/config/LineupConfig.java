package dev.lineup.config;

import io.vertx.core.json.JsonObject;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Configuration: built-in defaults (config/lineup.yaml, packed into the jar), then
 * ./config/lineup.yaml, then the file named by LINEUP_CONFIG, then LINEUP_* environment variables.
 * Values keep the types of the defaults, so "8081" from the environment is a number.
 */
public final class LineupConfig {

  private static final String DEFAULTS = "/lineup.yaml";
  private static final String ENV_PREFIX = "LINEUP_";

  private LineupConfig() {
  }

  public static JsonObject load(Map<String, String> env) {
    Map<String, Object> merged = new LinkedHashMap<>(read(LineupConfig.class.getResourceAsStream(DEFAULTS), DEFAULTS));
    Path local = Path.of("config", "lineup.yaml");
    if (Files.isRegularFile(local)) merged.putAll(readFile(local));
    String named = env.get("LINEUP_CONFIG");
    if (named != null && !named.isBlank()) merged.putAll(readFile(Path.of(named)));
    for (var key : merged.keySet().toArray(String[]::new)) {
      String value = env.get(ENV_PREFIX + key.toUpperCase());
      if (value != null) merged.put(key, typed(key, value, merged.get(key)));
    }
    return new JsonObject(merged);
  }

  /** The defaults alone, with some keys replaced: for tests and embedding. */
  public static JsonObject defaults(Map<String, Object> overrides) {
    Map<String, Object> merged = new LinkedHashMap<>(read(LineupConfig.class.getResourceAsStream(DEFAULTS), DEFAULTS));
    merged.putAll(overrides);
    return new JsonObject(merged);
  }

  private static Object typed(String key, String value, Object example) {
    try {
      if (example instanceof Integer) return Integer.parseInt(value.trim());
      if (example instanceof Long) return Long.parseLong(value.trim());
      if (example instanceof Boolean) return Boolean.parseBoolean(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(ENV_PREFIX + key.toUpperCase() + "=\"" + value + "\" is not a number");
    }
    return value;
  }

  private static Map<String, Object> readFile(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read configuration " + file, e);
    }
  }

  private static Map<String, Object> read(InputStream in, String name) {
    if (in == null) throw new IllegalStateException("configuration " + name + " not found");
    Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    if (doc == null) return Map.of();
    if (!(doc instanceof Map<?, ?> map)) throw new IllegalArgumentException(name + " is not a YAML mapping");
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : v));
    return out;
  }
}
