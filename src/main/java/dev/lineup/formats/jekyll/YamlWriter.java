package dev.lineup.formats.jekyll;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes front matter in the block style of the Jekyll pages. Every string is double-quoted, so
 * "09:30", "yes" or "2018" come back as text; numbers, booleans and null stay plain.
 */
final class YamlWriter {

  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
  private static final Pattern RESERVED_KEY = Pattern.compile(
      "(?i)y|n|yes|no|true|false|on|off|null");

  private final StringBuilder out = new StringBuilder();

  private YamlWriter() {
  }

  static String write(Map<String, Object> mapping) {
    YamlWriter w = new YamlWriter();
    w.entries(mapping, 0, null);
    return w.out.toString();
  }

  /** A mapping's entries or a list's items as block lines at {@code indent}, each ending in "\n". */
  static String block(Object value, int indent) {
    YamlWriter w = new YamlWriter();
    if (value instanceof Map<?, ?> map) {
      w.entries(map, indent, null);
    } else if (value instanceof List<?> list) {
      w.items(list, indent);
    } else {
      throw new IllegalArgumentException("a block is a mapping or a list");
    }
    return w.out.toString();
  }

  /** What follows "key:" on its line (and the lines after), the key being at column {@code indent}. */
  static String afterKey(Object value, int indent) {
    if (value instanceof Map<?, ?> map && !map.isEmpty()) return "\n" + chomp(block(map, indent + 2));
    if (value instanceof List<?> list && !list.isEmpty()) return "\n" + chomp(block(list, indent));
    return value == null ? "" : " " + scalar(value);
  }

  /** What follows "- " of a list item whose dash is at column {@code indent}. */
  static String afterDash(Object value, int indent) {
    if (value instanceof Map<?, ?> map && !map.isEmpty()) {
      YamlWriter w = new YamlWriter();
      w.entries(map, indent + 2, "");
      return chomp(w.out.toString());
    }
    if (value instanceof List<?> list && !list.isEmpty()) return "\n" + chomp(block(list, indent + 2));
    return value == null ? "" : scalar(value);
  }

  private static String chomp(String lines) {
    return lines.endsWith("\n") ? lines.substring(0, lines.length() - 1) : lines;
  }

  /** Entries at {@code indent}; the first one after {@code firstPrefix} when inside a list item. */
  private void entries(Map<?, ?> map, int indent, String firstPrefix) {
    boolean first = true;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (first && firstPrefix != null) {
        out.append(firstPrefix);
      } else {
        out.append(" ".repeat(indent));
      }
      first = false;
      out.append(key(String.valueOf(e.getKey()))).append(':');
      value(e.getValue(), indent);
    }
  }

  /** A value after "key:" — inline when scalar or empty, else on the following lines. */
  private void value(Object value, int indent) {
    if (value instanceof Map<?, ?> map && !map.isEmpty()) {
      out.append('\n');
      entries(map, indent + 2, null);
    } else if (value instanceof List<?> list && !list.isEmpty()) {
      out.append('\n');
      items(list, indent);
    } else {
      inline(value);
    }
  }

  private void items(List<?> list, int indent) {
    String pad = " ".repeat(indent);
    for (Object item : list) {
      if (item instanceof Map<?, ?> map && !map.isEmpty()) {
        entries(map, indent + 2, pad + "- ");
      } else if (item instanceof List<?> inner && !inner.isEmpty()) {
        out.append(pad).append("-\n");
        items(inner, indent + 2);
      } else {
        out.append(pad).append('-');
        inline(item);
      }
    }
  }

  private void inline(Object value) {
    if (value != null) out.append(' ').append(scalar(value));
    out.append('\n');
  }

  private static String scalar(Object value) {
    if (value instanceof Map<?, ?>) return "{}";
    if (value instanceof List<?>) return "[]";
    if (value instanceof Boolean b) return b.toString();
    if (value instanceof Double || value instanceof Float) return decimal(((Number) value).doubleValue());
    if (value instanceof Number n) return n.toString();
    return quoted(String.valueOf(value));
  }

  private static String decimal(double d) {
    if (Double.isNaN(d)) return ".nan";
    if (Double.isInfinite(d)) return d > 0 ? ".inf" : "-.inf";
    String plain = BigDecimal.valueOf(d).toPlainString();
    return plain.contains(".") ? plain : plain + ".0";
  }

  private static String key(String key) {
    if (PLAIN_KEY.matcher(key).matches() && !RESERVED_KEY.matcher(key).matches()) return key;
    return quoted(key);
  }

  static String quoted(String s) {
    StringBuilder q = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\t' -> q.append("\\t");
        case '\r' -> q.append("\\r");
        case '\u0085' -> q.append("\\N");
        case '\u2028' -> q.append("\\L");
        case '\u2029' -> q.append("\\P");
        case '\uFEFF' -> q.append("\\uFEFF");
        default -> {
          if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
            q.append(String.format("\\x%02X", (int) c));
          } else {
            q.append(c);
          }
        }
      }
    }
    return q.append('"').toString();
  }
}
