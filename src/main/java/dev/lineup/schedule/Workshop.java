package dev.lineup.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One workshop page: the unit of consistency, with one event log and one version counter.
 * Immutable; {@link Decider#evolve} makes the next one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Workshop(String id, long version, String title,
                       @JsonProperty("abstract") String abstractText, String organizerUrl,
                       List<String> categories, List<Person> organizers, String room,
                       Boolean showAbstracts, String date, String timezone, List<Talk> talks,
                       List<Person> speakers, Map<String, Object> extra, List<Warning> warnings,
                       Integer warningsTruncated) {

  /** A workshop id: a slug, also used verbatim in event-bus addresses and URLs. */
  public static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9_-]{0,127}";
  /** A category (the meeting a workshop belongs to, e.g. dali2018). */
  public static final String CATEGORY_PATTERN = "[A-Za-z0-9_-]{1,64}";

  public Workshop {
    categories = categories == null ? List.of() : List.copyOf(categories);
    organizers = organizers == null ? List.of() : List.copyOf(organizers);
    talks = talks == null ? List.of() : List.copyOf(talks);
    speakers = speakers == null ? List.of() : List.copyOf(speakers);
    extra = extra == null ? Map.of() : Map.copyOf(extra);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    // How many warnings were left out of {@code warnings} (bounded): absent when none were.
    warningsTruncated = warningsTruncated == null || warningsTruncated <= 0 ? null : warningsTruncated;
  }

  /** A workshop with all its warnings shown. */
  public Workshop(String id, long version, String title, String abstractText, String organizerUrl,
                  List<String> categories, List<Person> organizers, String room, Boolean showAbstracts,
                  String date, String timezone, List<Talk> talks, List<Person> speakers,
                  Map<String, Object> extra, List<Warning> warnings) {
    this(id, version, title, abstractText, organizerUrl, categories, organizers, room, showAbstracts,
        date, timezone, talks, speakers, extra, warnings, null);
  }

  /** The state before the first event: nothing exists yet. */
  public static Workshop absent(String id) {
    return new Workshop(id, 0, null, null, null, null, null, null, null, null, null, null, null,
        null, null);
  }

  /** A workshop exists once created or imported, and until deleted. */
  public boolean exists() {
    return title != null;
  }

  /** This workshop, when it exists; else a NOT_FOUND rejection. */
  public Workshop requireExists() {
    if (!exists()) throw Rejection.notFound("workshop " + id + " does not exist");
    return this;
  }

  /** This workshop, when it does not exist (yet, or any more); else a CONFLICT rejection. */
  public Workshop requireAbsent() {
    if (exists()) {
      throw new Rejection(Failure.CONFLICT, "workshop " + id
          + " already exists; change it with commands (workshop.import replaces it)");
    }
    return this;
  }

  public Optional<Talk> talk(String talkId) {
    return talks.stream().filter(t -> t.id().equals(talkId)).findFirst();
  }

  public Optional<Person> organizer(String organizerId) {
    return organizers.stream().filter(o -> organizerId.equals(o.id())).findFirst();
  }

  public Workshop withVersion(long newVersion) {
    return new Workshop(id, newVersion, title, abstractText, organizerUrl, categories, organizers,
        room, showAbstracts, date, timezone, talks, speakers, extra, warnings, warningsTruncated);
  }

  public Workshop withTalks(List<Talk> newTalks) {
    return new Workshop(id, version, title, abstractText, organizerUrl, categories, organizers,
        room, showAbstracts, date, timezone, newTalks, speakers, extra, warnings, warningsTruncated);
  }

  public Workshop withOrganizers(List<Person> newOrganizers) {
    return new Workshop(id, version, title, abstractText, organizerUrl, categories, newOrganizers,
        room, showAbstracts, date, timezone, talks, speakers, extra, warnings, warningsTruncated);
  }

  /** The warnings shown, and how many more there were (0: none left out). */
  public Workshop withWarnings(List<Warning> newWarnings, int truncated) {
    return new Workshop(id, version, title, abstractText, organizerUrl, categories, organizers,
        room, showAbstracts, date, timezone, talks, speakers, extra, newWarnings, truncated);
  }

  /** Exactly these warnings, none left out. */
  public Workshop withWarnings(List<Warning> newWarnings) {
    return new Workshop(id, version, title, abstractText, organizerUrl, categories, organizers,
        room, showAbstracts, date, timezone, talks, speakers, extra, newWarnings, null);
  }

  public Workshop withIdentity(String newId, long newVersion) {
    return new Workshop(newId, newVersion, title, abstractText, organizerUrl, categories,
        organizers, room, showAbstracts, date, timezone, talks, speakers, extra, warnings, warningsTruncated);
  }

  public Workshop withTimezoneIfMissing(String defaultZone) {
    if (timezone != null) return this;
    return new Workshop(id, version, title, abstractText, organizerUrl, categories, organizers,
        room, showAbstracts, date, defaultZone, talks, speakers, extra, warnings, warningsTruncated);
  }
}
