package dev.lineup.formats.jekyll;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The round-trip contract: every key of the original front matter is in the export, with the
 * same value (strings compared blank-trimmed), and keys keep their relative order.
 */
final class Lossless {

  private Lossless() {
  }

  /** The differences, as readable paths; empty when the export keeps everything. */
  static List<String> differences(String originalPage, String exportedPage) {
    FrontMatter.Split original = FrontMatter.read(originalPage);
    FrontMatter.Split exported = FrontMatter.read(exportedPage);
    List<String> out = new ArrayList<>();
    compare("", original.yaml(), exported.yaml(), out);
    if (!original.body().equals(exported.body())) out.add("body differs");
    return out;
  }

  private static void compare(String path, Object a, Object b, List<String> out) {
    if (a instanceof Map<?, ?> x) {
      if (!(b instanceof Map<?, ?> y)) {
        out.add(path + ": a mapping became " + b);
        return;
      }
      List<Object> order = new ArrayList<>();
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey())) {
          out.add(path + "/" + e.getKey() + ": missing");
          continue;
        }
        order.add(e.getKey());
        compare(path + "/" + e.getKey(), e.getValue(), y.get(e.getKey()), out);
      }
      List<Object> exportedOrder = new ArrayList<>(y.keySet());
      exportedOrder.retainAll(order);
      if (!exportedOrder.equals(order)) out.add(path + ": key order " + order + " became " + exportedOrder);
    } else if (a instanceof List<?> x) {
      if (!(b instanceof List<?> y) || x.size() != y.size()) {
        out.add(path + ": list " + x + " became " + b);
        return;
      }
      for (int i = 0; i < x.size(); i++) compare(path + "[" + i + "]", x.get(i), y.get(i), out);
    } else if (a instanceof String s) {
      if (!(b instanceof String t) || !s.strip().equals(t.strip())) {
        out.add(path + ": \"" + s + "\" became " + describe(b));
      }
    } else if (!Objects.equals(a, b)) {
      out.add(path + ": " + describe(a) + " became " + describe(b));
    }
  }

  private static String describe(Object v) {
    return v == null ? "null" : v.getClass().getSimpleName() + " " + v;
  }
}
