package dev.lineup.auth;

import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where an identity provider's tokens carry roles and workshops, and what its role names mean here.
 * A path is dotted into nested objects ({@code realm_access.roles}); a claim whose name itself
 * holds dots (Auth0's {@code https://lineup.example/roles}) is found by its whole name first. The
 * value is an array of strings, or one string of space-separated names (as OAuth's {@code scope}).
 * With a role map, only the provider's roles it names count, as the Lineup roles it maps them to;
 * without one, the names are taken as Lineup's own.
 */
final class ClaimMapping {

  /** Lineup's own tokens: {@code roles} and {@code workshops} at the top, names as they are. */
  static final ClaimMapping LINEUP = new ClaimMapping("roles", "workshops", Map.of(), false);

  private final String rolesPath;
  private final String workshopsPath;
  private final Map<String, Set<String>> roleMap;
  private final boolean spaceSeparated;

  private ClaimMapping(String rolesPath, String workshopsPath, Map<String, Set<String>> roleMap,
                       boolean spaceSeparated) {
    this.rolesPath = rolesPath;
    this.workshopsPath = workshopsPath;
    this.roleMap = roleMap;
    this.spaceSeparated = spaceSeparated;
  }

  static ClaimMapping of(ProviderOptions provider) {
    return new ClaimMapping(provider.rolesClaim(), provider.workshopsClaim(), provider.roleMap(), true);
  }

  Principal principal(String subject, JsonObject claims) {
    List<String> theirs = strings(claims, rolesPath, spaceSeparated);
    List<String> roles;
    if (roleMap.isEmpty()) {
      roles = theirs;
    } else {
      Set<String> mapped = new LinkedHashSet<>();
      for (String role : theirs) mapped.addAll(roleMap.getOrDefault(role, Set.of()));
      roles = List.copyOf(mapped);
    }
    return Principal.of(subject, roles, strings(claims, workshopsPath, spaceSeparated));
  }

  /** The value at {@code path}: absent is empty, anything but strings is a refusal. */
  private static List<String> strings(JsonObject claims, String path, boolean spaceSeparated) {
    Object value = at(claims, path);
    if (value == null) return List.of();
    if (spaceSeparated && value instanceof String s) return s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
    if (!(value instanceof JsonArray array)) throw unauthenticated(path + " claim is not an array");
    List<String> result = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String)) throw unauthenticated(path + " claim holds a non-string");
      result.add((String) item);
    }
    return result;
  }

  private static Object at(JsonObject claims, String path) {
    if (claims.containsKey(path)) return claims.getValue(path);
    Object node = claims;
    for (String step : path.split("\\.")) {
      if (!(node instanceof JsonObject object)) return null;
      node = object.getValue(step);
    }
    return node;
  }

  private static Rejection unauthenticated(String reason) {
    return new Rejection(Failure.UNAUTHENTICATED, reason);
  }
}
