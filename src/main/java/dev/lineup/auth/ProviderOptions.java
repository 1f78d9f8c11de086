package dev.lineup.auth;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The external identity provider (Keycloak, Auth0, Entra ID, Dex…): where its signing keys are
 * published, and where its tokens carry roles and workshops.
 *
 * @param jwksUrl           the JWKS document ({@code jwt_jwks_url}); null for none
 * @param minRefreshSeconds the JWKS is fetched at most this often, also when tokens name unknown
 *                          {@code kid}s, and a failed fetch is retried after this long
 * @param maxRefreshSeconds ... and at least this often, whatever its {@code Cache-Control} says
 * @param maxStaleSeconds   how long the last fetched keys stay in use while the JWKS cannot be fetched
 * @param rolesClaim        dotted path to the roles in the provider's tokens (e.g. {@code realm_access.roles})
 * @param workshopsClaim    dotted path to the workshop ids (or {@code "*"}) in the provider's tokens
 * @param roleMap           the provider's role names → Lineup's roles; empty = the names are Lineup's
 */
public record ProviderOptions(String jwksUrl, int minRefreshSeconds, int maxRefreshSeconds, int maxStaleSeconds,
                              String rolesClaim, String workshopsClaim, Map<String, Set<String>> roleMap) {

  /** No JWKS; roles and workshops where Lineup's own tokens have them. */
  public static final ProviderOptions NONE = new ProviderOptions(null, 30, 3600, 3600, "roles", "workshops", Map.of());

  public ProviderOptions {
    if (jwksUrl != null && jwksUrl.isBlank()) jwksUrl = null;
    if (jwksUrl != null) checkUrl(jwksUrl);
    if (minRefreshSeconds < 0) throw new IllegalArgumentException("jwt_jwks_min_refresh_seconds < 0");
    if (maxRefreshSeconds < Math.max(1, minRefreshSeconds)) {
      throw new IllegalArgumentException("jwt_jwks_max_refresh_seconds must be at least 1 and at least jwt_jwks_min_refresh_seconds");
    }
    if (maxStaleSeconds < 0) throw new IllegalArgumentException("jwt_jwks_max_stale_seconds < 0");
    if (rolesClaim == null || rolesClaim.isBlank()) throw new IllegalArgumentException("jwt_roles_claim is blank");
    if (workshopsClaim == null || workshopsClaim.isBlank()) throw new IllegalArgumentException("jwt_workshops_claim is blank");
    Map<String, Set<String>> copy = new LinkedHashMap<>();
    roleMap.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
    roleMap = Map.copyOf(copy);
  }

  static ProviderOptions fromConfig(JsonObject config) {
    return new ProviderOptions(config.getString("jwt_jwks_url", ""),
        config.getInteger("jwt_jwks_min_refresh_seconds", NONE.minRefreshSeconds),
        config.getInteger("jwt_jwks_max_refresh_seconds", NONE.maxRefreshSeconds),
        config.getInteger("jwt_jwks_max_stale_seconds", NONE.maxStaleSeconds),
        config.getString("jwt_roles_claim", NONE.rolesClaim),
        config.getString("jwt_workshops_claim", NONE.workshopsClaim),
        roleMap(config.getString("jwt_role_map", "")));
  }

  /**
   * {@code "lineup-admins=admin,editors=organizer,screens=display"}: each entry maps one of the
   * provider's role names to one of Lineup's; a name may be listed twice to give two roles.
   */
  static Map<String, Set<String>> roleMap(String spec) {
    Map<String, Set<String>> map = new LinkedHashMap<>();
    for (String entry : AuthOptions.list(spec)) {
      int eq = entry.lastIndexOf('=');
      String theirs = eq < 0 ? "" : entry.substring(0, eq).trim();
      String ours = eq < 0 ? "" : entry.substring(eq + 1).trim();
      if (theirs.isEmpty() || !UserStore.ROLES.contains(ours)) {
        throw new IllegalArgumentException("jwt_role_map entry \"" + entry
            + "\" is not <provider role>=<admin|organizer|display>");
      }
      map.computeIfAbsent(theirs, k -> new LinkedHashSet<>()).add(ours);
    }
    return map;
  }

  private static void checkUrl(String url) {
    try {
      URI uri = new URI(url);
      if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException("jwt_jwks_url " + url + " is not an http(s) URL");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("jwt_jwks_url " + url + " is not a URL: " + e.getMessage());
    }
  }
}
