package dev.lineup.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * What binds a {@code commandId} to its command: a SHA-256 of the command's canonical JSON (every
 * field but the commandId, object keys sorted), the same on every node. A retry of the same
 * command has the same hash; the same id on another command does not.
 */
public final class CommandHash {

  private CommandHash() {
  }

  public static String of(Command command) {
    ObjectNode tree = Json.MAPPER.valueToTree(command);
    tree.remove("commandId");
    StringBuilder canonical = new StringBuilder();
    write(tree, canonical);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  /** JSON with object keys in order, nulls left out: one text for one command. */
  private static void write(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!field.getValue().isNull()) sorted.put(field.getKey(), field.getValue());
      }
      out.append('{');
      boolean first = true;
      for (var field : sorted.entrySet()) {
        if (!first) out.append(',');
        first = false;
        out.append(quoted(field.getKey()));
        out.append(':');
        write(field.getValue(), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) out.append(',');
        write(node.get(i), out);
      }
      out.append(']');
    } else {
      out.append(node.toString());
    }
  }

  private static String quoted(String key) {
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(key).toString();
  }
}
