package dev.lineup.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Options Lineup relies on, added to a MongoDB connection string unless it sets them itself:
 * timeouts (an unreachable store is noticed within the store timeout, and a store that comes back
 * is seen again within about a second) and, for a MongoDB of the operator's, a durable write
 * concern (an acknowledged command survives the loss of the primary).
 */
public final class ConnectionStrings {

  private ConnectionStrings() {
  }

  /** Write concern options: a URI naming any of them chose its write concern, and is left alone. */
  private static final String[] WRITE_CONCERN = {"w", "journal", "j", "wtimeoutMS"};

  /** The connection string of {@code LINEUP_MONGO_URI} as the client uses it: timeouts and a durable write concern. */
  public static String forMongo(String uri, int timeoutMillis) {
    return withTimeouts(withDurableWrites(uri), timeoutMillis);
  }

  /** {@code w=majority&journal=true} unless the URI names a write concern of its own (e.g. {@code w=1}). */
  public static String withDurableWrites(String uri) {
    String existing = query(uri);
    for (String option : WRITE_CONCERN) {
      if (existing.contains("&" + option.toLowerCase() + "=")) return uri;
    }
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("w", "majority");
    defaults.put("journal", "true");
    return withDefaults(uri, defaults);
  }

  public static String withTimeouts(String uri, int timeoutMillis) {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("serverSelectionTimeoutMS", String.valueOf(timeoutMillis));
    defaults.put("connectTimeoutMS", String.valueOf(timeoutMillis));
    defaults.put("heartbeatFrequencyMS", "1000");
    return withDefaults(uri, defaults);
  }

  /** The options of the URI's query, lower case, each preceded by '&' so that "w=" cannot match "foow=". */
  private static String query(String uri) {
    int query = uri.indexOf('?');
    return query < 0 ? "" : "&" + uri.substring(query + 1).toLowerCase();
  }

  private static String withDefaults(String uri, Map<String, String> defaults) {
    StringBuilder out = new StringBuilder(uri);
    int query = uri.indexOf('?');
    String existing = query(uri);
    boolean first = query < 0 || query == uri.length() - 1;
    if (query < 0) out.append(uri.substring(uri.indexOf("//") + 2).contains("/") ? "?" : "/?");
    for (var d : defaults.entrySet()) {
      if (existing.contains("&" + d.getKey().toLowerCase() + "=")) continue;
      if (!first) out.append('&');
      out.append(d.getKey()).append('=').append(d.getValue());
      first = false;
    }
    return out.toString();
  }
}
