package dev.lineup.formats.jekyll;

import dev.lineup.formats.jekyll.Hinted.Field;
import dev.lineup.schedule.PageReader;
import dev.lineup.schedule.Person;
import dev.lineup.schedule.Rejection;
import dev.lineup.schedule.Talk;
import dev.lineup.schedule.Workshop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jekyll workshop pages (YAML front matter, then markdown) in and out, losslessly: a page read and
 * written again has every key and value of its front matter, in its own spelling and order, and
 * its body; what was edited in Lineup since shows in the new spelling.
 */
public final class JekyllPages implements PageReader {

  private static final Logger LOG = LoggerFactory.getLogger(JekyllPages.class);
  private static final String BODY = "body";
  private static final Pattern FILE_NAME = Pattern.compile(
      "(?:.*/)?(\\d{4}-\\d{2}-\\d{2})-(.+?)(?:\\.(?:md|markdown|html))?");

  private static final List<Field> FIELDS = List.of(
      new Field("title", List.of("title"), Values::title, v -> v),
      new Field("abstract", List.of("abstract"), Values::text, v -> v),
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
      new Field("talks", List.of("talks"), Talks::list, Hinted.writer(JekyllPages::writeTalks), Talks::sameLists));

  /**
   * Reads a page; {@code date} ("YYYY-MM-DD", e.g. from the file name) wins over a {@code date:}
   * in the front matter. Ids of talks and organizers are left to the server.
   */
  @Override
  public Workshop read(String workshopId, String page, String date) {
    try {
      FrontMatter.Split split = FrontMatter.read(page);
      Hinted.Bound b = Hinted.read(split.yaml(), FIELDS, Map.of(BODY, split.body()));
      String title = b.get("title") == null ? "" : b.get("title");
      String day = date != null ? date : b.get("date");
      return new Workshop(workshopId, 0, title, b.get("abstract"), b.get("organizerUrl"),
          b.get("categories"), b.get("organizers"), b.get("room"), b.get("showAbstracts"), day,
          b.get("timezone"), b.get("talks"), b.get("speakers"), b.extra(), List.of());
    } catch (Rejection r) {
      throw r;
    } catch (RuntimeException e) {
      // The mapping is written not to throw; a page that still finds a way is refused, and the
      // gap logged so it can be closed.
      LOG.warn("Jekyll page {} could not be mapped", workshopId, e);
      throw Rejection.invalid("page", "cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** The page of a workshop: its source spelling where unchanged, a modern page otherwise. */
  public String write(Workshop w) {
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
    Map<String, Object> front = Hinted.write(FIELDS, values, w.extra());
    if (!Hinted.hint(w.extra()).containsKey("keys") && !front.containsKey("layout")) {
      Map<String, Object> withLayout = new LinkedHashMap<>();
      withLayout.put("title", front.remove("title"));
      withLayout.put("layout", "multitrack");
      withLayout.putAll(front);
      front = withLayout;
    }
    Object body = Hinted.hint(w.extra()).get(BODY);
    return "---\n" + YamlWriter.write(front) + "---\n" + (body instanceof String s ? s : "");
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

  @SuppressWarnings("unchecked")
  private static Object writeTalks(Object talks) {
    return Talks.writeAll(talks == null ? List.of() : (List<Talk>) talks);
  }
}
