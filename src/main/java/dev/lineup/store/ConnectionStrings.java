package dev.lineup.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Timeouts Lineup relies on, added to a MongoDB connection string unless it sets them itself: an
 * unreachable store is noticed within the store timeout, and a store that comes back is seen again
 * within about a second.
 */
public final class ConnectionStrings {

  private ConnectionStrings() {
  }

  public static String withTimeouts(String uri, int timeoutMillis) {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("serverSelectionTimeoutMS", String.valueOf(timeoutMillis));
    defaults.put("connectTimeoutMS", String.valueOf(timeoutMillis));
    defaults.put("heartbeatFrequencyMS", "1000");
    StringBuilder out = new StringBuilder(uri);
    int query = uri.indexOf('?');
    String existing = query < 0 ? "" : uri.substring(query + 1).toLowerCase();
    boolean first = query < 0 || query == uri.length() - 1;
    if (query < 0) out.append(uri.substring(uri.indexOf("//") + 2).contains("/") ? "?" : "/?");
    for (var d : defaults.entrySet()) {
      if (existing.contains(d.getKey().toLowerCase() + "=")) continue;
      if (!first) out.append('&');
      out.append(d.getKey()).append('=').append(d.getValue());
      first = false;
    }
    return out.toString();
  }
}
