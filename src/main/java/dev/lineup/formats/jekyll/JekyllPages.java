package dev.lineup.formats.jekyll;

import dev.lineup.formats.jekyll.Hinted.Field;
import dev.lineup.formats.jekyll.Hinted.Keyed;
import dev.lineup.schedule.Command;
import dev.lineup.schedule.PageReader;
import dev.lineup.schedule.Person;
import dev.lineup.schedule.Rejection;
import dev.lineup.schedule.Talk;
import dev.lineup.schedule.Times;
import dev.lineup.schedule.Workshop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jekyll schedule pages (YAML front matter, then markdown) in and out, losslessly, in each
 * vocabulary the DALI site uses: workshop pages ({@code layout: multitrack}, and {@code layout:
 * workshop}, also undated with organizers only), day pages ({@code layout: singletrack}) and day
 * programmes ({@code layout: schedule}: {@code date}, {@code day}, {@code description},
 * {@code events:} with {@code starttime}/{@code endtime}). A page read and written again has every
 * key and value of its front matter in its own spelling and order, and its body; the page as
 * imported is kept, so that a page unchanged in Lineup is written back byte for byte, and a
 * changed one differs only where it was changed.
 */
public final class JekyllPages implements PageReader {

  private static final Logger LOG = LoggerFactory.getLogger(JekyllPages.class);
  private static final String BODY = "body";
  /** Hint: the page's head (front matter and its fences) as imported, line by line. */
  private static final String SOURCE = "source";
  /** Hint: what the page was imported with besides its text ({date, category, path}). */
  private static final String INPUT = "input";
  /** Hint: ids of the page's talks and organizers, by their place in the page. */
  private static final String IDS = "ids";
  /** Hint: model values the page does not spell out ({field: [value, as the page reads]}). */
  private static final String DERIVED = "derived";
  private static final Pattern FILE_NAME = Pattern.compile(
      "(?:.*/)?(\\d{4}-\\d{2}-\\d{2})-(.+?)(?:\\.(?:md|markdown|html))?");
  /** Layouts of schedule pages; a page of another layout is one only if it lists talks or events. */
  private static final Set<String> SCHEDULE_LAYOUTS = Set.of("multitrack", "singletrack",
      "workshop", "schedule", "day", "symposium");
  private static final List<String> LISTS = List.of("talks", "events", "organizers");
  /** A workshop page's own time ({@code layout: workshop}): extras, read by {@link #sessionTime}. */
  private static final String SESSION_START = "starttime";
  private static final String SESSION_END = "endtime";
  private static final String SESSION = "the workshop's own time";

  private static final List<Field> FIELDS = fields(Notes.discard());

  private static List<Field> fields(Notes notes) {
    return List.of(
        new Field("title", List.of("title"), Values::title, v -> v),
        new Field("abstract", List.of("abstract", "description"), Values::text, v -> v),
        new Field("organizerUrl", List.of("organizer_url"), Values::text, v -> v),
        new Field("categories", List.of("categories"), Values::categories, v -> v),
        new Field("organizers", List.of("organizers"), People::list, Hinted.writer(JekyllPages::writePeople),
            People::sameLists),
        new Field("room", List.of("room"), Values::name, v -> v),
        new Field("showAbstracts", List.of("show_abstracts"), Values::bool, v -> v),
        new Field("speakers", List.of("speakers"), People::list, Hinted.writer(JekyllPages::writeSpeakers),
            People::sameLists),
        new Field("date", List.of("date"), Values::date, v -> v),
        new Field("timezone", List.of("timezone"), Values::text, v -> v),
        new Field("talks", List.of("talks", "events"), v -> Talks.list(v, notes), JekyllPages::writeTalks,
            Talks::sameLists));
  }

  /**
   * Reads a page; {@code date} ("YYYY-MM-DD", e.g. from the file name) wins over a {@code date:}
   * in the front matter. Ids of talks and organizers are left to the server.
   */
  @Override
  public Workshop read(String workshopId, String page, String date) {
    return read(workshopId, page, date, null, null);
  }

  @Override
  public Workshop read(String workshopId, Command.ImportWorkshop command) {
    return read(workshopId, command.page(), command.date(), command.category(), command.path());
  }

  /** As {@link #read(String, String, String)}; {@code category}: the meeting of a page naming none. */
  public Workshop read(String workshopId, String page, String date, String category, String path) {
    try {
      Notes notes = new Notes();
      FrontMatter.Split split = FrontMatter.read(page, notes);
      refuseIfNotSchedule(split.yaml());
      Map<String, Object> more = new LinkedHashMap<>();
      more.put(BODY, split.body());
      more.put(SOURCE, List.of(split.head().split("\n", -1)));
      Map<String, Object> input = new LinkedHashMap<>();
      if (date != null) input.put("date", date);
      if (category != null) input.put("category", category);
      if (path != null) input.put("path", path);
      if (!input.isEmpty()) more.put(INPUT, input);
      Hinted.Bound b = Hinted.read(split.yaml(), fields(notes), more);
      Talks.times(SESSION, split.yaml().get(SESSION_START), split.yaml().get(SESSION_END), notes);
      Map<String, Object> derived = new LinkedHashMap<>();
      String title = b.get("title") == null ? "" : b.get("title");
      if (title.isBlank() && isDayProgramme(split.yaml())) {
        String named = dayTitle(split.yaml(), b);
        derived.put("title", List.of(named, title));
        title = named;
      }
      List<String> categories = b.get("categories");
      if ((categories == null || categories.isEmpty()) && category != null) {
        derived.put("categories", List.of(List.of(category), categories == null ? List.of() : categories));
        categories = List.of(category);
      }
      String day = date != null ? date : b.get("date");
      // The date of a post's file name: not written into the page while it is still that date.
      if (date != null && !date.equals(b.get("date"))) derived.put("date", java.util.Arrays.asList(date, b.get("date")));
      if (!derived.isEmpty()) Hinted.addHint(b.extra(), DERIVED, derived);
      return new Workshop(workshopId, 0, title, b.get("abstract"), b.get("organizerUrl"),
          categories, b.get("organizers"), b.get("room"), b.get("showAbstracts"), day,
          b.get("timezone"), b.get("talks"), b.get("speakers"), b.extra(), notes.list());
    } catch (Rejection r) {
      throw r;
    } catch (RuntimeException e) {
      // The mapping is written not to throw; a page that still finds a way is refused, and the
      // gap logged so it can be closed.
      LOG.warn("Jekyll page {} could not be mapped", workshopId, e);
      throw Rejection.invalid("page", "cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** A post, an "about" page, the site's sample post: not a schedule, refused as such. */
  private static void refuseIfNotSchedule(Map<String, Object> yaml) {
    String layout = Values.text(yaml.get("layout"));
    if (layout == null || SCHEDULE_LAYOUTS.contains(layout.toLowerCase(Locale.ROOT))) return;
    if (LISTS.stream().anyMatch(yaml::containsKey)) return;
    throw Rejection.invalid("page", "is not a schedule page (layout: " + layout + "): Lineup imports"
        + " pages with layout " + String.join(", ", SCHEDULE_LAYOUTS.stream().sorted().toList())
        + ", or pages that list talks: or events:");
  }

  private static boolean isDayProgramme(Map<String, Object> yaml) {
    return "schedule".equalsIgnoreCase(String.valueOf(yaml.get("layout"))) || yaml.containsKey("events");
  }

  /** A day programme names itself by its day ("Day 2"), else its description or date. */
  private static String dayTitle(Map<String, Object> yaml, Hinted.Bound b) {
    String day = Values.text(yaml.get("day"));
    if (day != null) return "Day " + day;
    if (b.get("abstract") != null) return b.get("abstract");
    String date = Values.date(yaml.get("date"));
    return date != null ? "Programme of " + date : "Programme";
  }

  /** The page of a workshop: the page as imported, changed only where the workshop was changed. */
  public String write(Workshop w) {
    Map<String, Object> hint = Hinted.hint(w.extra());
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("title", w.title());
    values.put("abstract", w.abstractText());
    values.put("organizerUrl", w.organizerUrl());
    values.put("categories", w.categories());
    values.put("organizers", w.organizers());
    values.put("room", w.room());
    values.put("showAbstracts", w.showAbstracts());
    values.put("speakers", w.speakers());
    values.put("date", w.date());
    values.put("timezone", w.timezone());
    values.put("talks", w.talks());
    // A value the page did not spell out (a day programme's title, the meeting it joined) is not
    // written while it is still the one derived.
    if (hint.get(DERIVED) instanceof Map<?, ?> derived) {
      derived.forEach((field, pair) -> {
        if (pair instanceof List<?> p && p.size() == 2 && Objects.equals(values.get(field), p.get(0))) {
          values.put(String.valueOf(field), p.get(1));
        }
      });
    }
    Map<String, Object> front = Hinted.write(FIELDS, values, w.extra());
    Object body = hint.get(BODY);
    String bodyText = body instanceof String s ? s : "";
    Optional<String> head = head(w);
    if (head.isPresent()) {
      Optional<String> edited = PageEditor.edit(head.get(), front);
      if (edited.isPresent()) return edited.get() + bodyText;
      LOG.warn("page of {} written anew: its source could not be edited in place", w.id());
    }
    if (!hint.containsKey("keys") && !front.containsKey("layout")) {
      Map<String, Object> withLayout = new LinkedHashMap<>();
      withLayout.put("title", front.remove("title"));
      withLayout.put("layout", "multitrack");
      withLayout.putAll(front);
      front = withLayout;
    }
    return "---\n" + YamlWriter.write(front) + "---\n" + bodyText;
  }

  /** The page as last imported into this workshop, verbatim; empty when it keeps none. */
  public static Optional<String> source(Workshop w) {
    Object body = Hinted.hint(w.extra()).get(BODY);
    return head(w).map(h -> h + (body instanceof String s ? s : ""));
  }

  /**
   * The time a workshop page gives the workshop itself ({@code starttime}/{@code endtime} at the
   * top of a {@code layout: workshop} page, read as a talk's times are): its start, and its end
   * when it says one. Empty when it gives no start that reads as a time.
   */
  public static Optional<Times.Reading> sessionTime(Workshop w) {
    String[] times = Talks.times(SESSION, w.extra().get(SESSION_START), w.extra().get(SESSION_END), Notes.discard());
    return times[0] == null ? Optional.empty() : Optional.of(new Times.Reading(times[0], times[1]));
  }

  /** Where the page lives in its Jekyll site, as imported ("_posts/2018-04-03-theory.md"). */
  public static Optional<String> path(Workshop w) {
    return input(w, "path");
  }

  /** The date the page was imported with (from its file name), if any. */
  public static Optional<String> importDate(Workshop w) {
    return input(w, "date");
  }

  private static Optional<String> input(Workshop w, String key) {
    if (Hinted.hint(w.extra()).get(INPUT) instanceof Map<?, ?> input && input.get(key) instanceof String s) {
      return Optional.of(s);
    }
    return Optional.empty();
  }

  private static Optional<String> head(Workshop w) {
    if (!(Hinted.hint(w.extra()).get(SOURCE) instanceof List<?> lines)) return Optional.empty();
    List<String> text = new ArrayList<>();
    for (Object line : lines) text.add(String.valueOf(line));
    return Optional.of(String.join("\n", text));
  }

  @Override
  public Optional<Workshop> lastImported(Workshop w) {
    Optional<String> page = source(w);
    if (page.isEmpty()) return Optional.empty();
    Workshop base = read(w.id(), page.get(), importDate(w).orElse(null),
        input(w, "category").orElse(null), path(w).orElse(null));
    List<String> talkIds = List.of();
    List<String> organizerIds = List.of();
    if (Hinted.hint(w.extra()).get(IDS) instanceof Map<?, ?> ids) {
      talkIds = Hinted.strings(ids.get("talks"));
      organizerIds = Hinted.strings(ids.get("organizers"));
    }
    List<Talk> talks = new ArrayList<>();
    for (int i = 0; i < base.talks().size(); i++) {
      talks.add(base.talks().get(i).withId(i < talkIds.size() ? talkIds.get(i) : null));
    }
    List<Person> organizers = new ArrayList<>();
    for (int i = 0; i < base.organizers().size(); i++) {
      organizers.add(base.organizers().get(i).withId(i < organizerIds.size() ? organizerIds.get(i) : null));
    }
    return Optional.of(base.withTalks(talks).withOrganizers(organizers).withWarnings(List.of()));
  }

  @Override
  @SuppressWarnings("unchecked")
  public Workshop asImported(Workshop w, List<String> talkIds, List<String> organizerIds) {
    Map<String, Object> extra = new LinkedHashMap<>(w.extra());
    Map<String, Object> hint = new LinkedHashMap<>(Hinted.hint(w.extra()));
    if (!hint.containsKey(SOURCE)) return w;
    hint.put(IDS, Map.of("talks", talkIds, "organizers", organizerIds));
    if (w.timezone() != null && !Hinted.keys(w.extra()).contains("timezone")) {
      Map<String, Object> derived = new LinkedHashMap<>(hint.get(DERIVED) instanceof Map<?, ?> d
          ? (Map<String, Object>) d : Map.of());
      derived.put("timezone", java.util.Arrays.asList(w.timezone(), null));
      hint.put(DERIVED, derived);
    }
    extra.put(Hinted.HINT, hint);
    return new Workshop(w.id(), w.version(), w.title(), w.abstractText(), w.organizerUrl(),
        w.categories(), w.organizers(), w.room(), w.showAbstracts(), w.date(), w.timezone(),
        w.talks(), w.speakers(), extra, w.warnings());
  }

  @Override
  public Set<String> ownKeys() {
    return Set.of(Hinted.HINT);
  }

  /** The date of a {@code YYYY-MM-DD-slug.md} file, as Jekyll takes it. */
  public static Optional<String> dateFromFileName(String fileName) {
    Matcher m = fileName == null ? null : FILE_NAME.matcher(fileName);
    if (m == null || !m.matches()) return Optional.empty();
    String day = Values.date(m.group(1));
    return Optional.ofNullable(day);
  }

  /** The workshop id of a {@code YYYY-MM-DD-slug.md} file: the whole name without extension. */
  public static String idFromFileName(String fileName) {
    String name = fileName.substring(fileName.lastIndexOf('/') + 1);
    name = name.replaceFirst("\\.(md|markdown|html)$", "");
    return name.replaceAll("[^A-Za-z0-9_-]", "-");
  }

  @SuppressWarnings("unchecked")
  private static Object writePeople(Object people) {
    return People.writeAll(people == null ? List.of() : (List<Person>) people);
  }

  @SuppressWarnings("unchecked")
  private static Object writeSpeakers(Object people) {
    return People.writeSpeakers(people == null ? List.of() : (List<Person>) people);
  }

  /** Talks under {@code talks:}, or a day programme's {@code events:} in its own vocabulary. */
  @SuppressWarnings("unchecked")
  private static Keyed writeTalks(String key, Object talks) {
    List<Talk> list = talks == null ? List.of() : (List<Talk>) talks;
    return new Keyed(key, Talks.writeAll(list, key.equals("events") ? Talks.EVENT_KEYS : Map.of()));
  }
}
