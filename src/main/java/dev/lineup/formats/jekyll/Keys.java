package dev.lineup.formats.jekyll;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reversible spelling of front-matter keys for extra maps, which MongoDB stores: '%', '.', '$'
 * and NUL are percent-encoded, the empty key becomes "%", and a source key named like the hint
 * ("jekyll") is encoded so it cannot collide with it.
 */
final class Keys {

  private Keys() {
  }

  static String encode(String key) {
    if (key.isEmpty()) return "%";
    if (key.equals(Hinted.HINT)) return "%6A" + key.substring(1);
    StringBuilder out = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '%' || c == '.' || c == '$' || c == '\0') {
        out.append('%').append(String.format("%02X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  static String decode(String key) {
    if (key.equals("%")) return "";
    if (key.indexOf('%') < 0) return key;
    StringBuilder out = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '%' && isHex(key, i + 1) && isHex(key, i + 2)) {
        out.append((char) Integer.parseInt(key.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isHex(String s, int i) {
    return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
  }

  static Object encodeDeep(Object value) {
    return deep(value, true);
  }

  static Object decodeDeep(Object value) {
    return deep(value, false);
  }

  private static Object deep(Object value, boolean encode) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        copy.put(encode ? encode(key) : decode(key), deep(e.getValue(), encode));
      }
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object o : list) copy.add(deep(o, encode));
      return copy;
    }
    return value;
  }
}
