package dev.lineup.auth;

import java.util.List;
import java.util.Set;

/**
 * Who sent a request, as a verified token says: {@code sub}, {@code roles} and the
 * {@code workshops} an organizer may edit ({@code "*"} for all).
 */
public record Principal(String subject, Set<String> roles, Set<String> workshops) {

  public static final String ADMIN = "admin";
  public static final String ORGANIZER = "organizer";
  public static final String DISPLAY = "display";
  public static final String ALL_WORKSHOPS = "*";

  public Principal {
    roles = Set.copyOf(roles);
    workshops = Set.copyOf(workshops);
  }

  public static Principal of(String subject, List<String> roles, List<String> workshops) {
    return new Principal(subject, Set.copyOf(roles), Set.copyOf(workshops));
  }

  public boolean isAdmin() {
    return roles.contains(ADMIN);
  }

  /** Admins edit everything; organizers the workshops in their scope; nobody else anything. */
  public boolean mayEdit(String workshopId) {
    if (isAdmin()) return true;
    return roles.contains(ORGANIZER)
        && (workshops.contains(ALL_WORKSHOPS) || workshops.contains(workshopId));
  }
}
