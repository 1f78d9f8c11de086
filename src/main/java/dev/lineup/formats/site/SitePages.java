package dev.lineup.formats.site;

import dev.lineup.formats.jekyll.JekyllPages;
import dev.lineup.schedule.Rejection;
import dev.lineup.schedule.Workshop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The schedule pages of a Jekyll site, in and out: which files of an archive are schedule pages
 * (those in {@code _posts/}, {@code _schedule/}, {@code _workshops/}, wherever the site sits in
 * the archive), the workshop each becomes, the meeting a page that names none joins, and the
 * meeting's pages written back under their Jekyll paths. Pure, apart from the zip it writes.
 */
public final class SitePages {

  /** The folders whose pages are schedule pages. */
  public static final List<String> FOLDERS = List.of("_posts", "_schedule", "_workshops");
  private static final Pattern PAGE = Pattern.compile("(?:.*/)?((?:_posts|_schedule|_workshops)/(?:[^/]+/)*[^/]+\\.(?:md|markdown|html))");
  private static final Pattern CONFIG = Pattern.compile("(?:[^/]+/)?_config\\.ya?ml");
  /** How many days before or after its meeting's workshops a day page may be one of its days. */
  static final int NEAR_DAYS = 2;
  /** Entries written into site.zip carry this time, so that the same pages make the same zip. */
  private static final long ZIP_TIME = 315_532_800_000L + 86_400_000L; // 1980-01-02

  private final JekyllPages pages = new JekyllPages();

  /** A page found in an archive: where it lives in the site, its workshop id and what it says. */
  public record Page(String path, String id, String fileDate, String text, Workshop read, String refused) {

    /** The meeting the page names itself, if any. */
    Optional<String> category() {
      return read == null || read.categories().isEmpty() ? Optional.empty() : Optional.of(read.categories().get(0));
    }

    Optional<String> date() {
      return Optional.ofNullable(read == null ? null : read.date());
    }
  }

  /** The pages of a site and the title its {@code _config.yml} gives (for a default meeting). */
  public record Site(List<Page> pages, String configTitle) {
  }

  /** Whether an archive entry is worth reading: a schedule page, or the site's configuration. */
  public static boolean wanted(String archivePath) {
    return PAGE.matcher(archivePath).matches() || CONFIG.matcher(archivePath).matches();
  }

  /** The site in the files of an archive (see {@link #wanted}). */
  public Site site(List<SiteArchive.File> files) {
    String title = null;
    List<Page> out = new ArrayList<>();
    Map<String, Integer> ids = new HashMap<>();
    List<String[]> found = new ArrayList<>();
    for (SiteArchive.File f : files) {
      if (CONFIG.matcher(f.path()).matches()) {
        title = configTitle(f.text());
        continue;
      }
      Matcher m = PAGE.matcher(f.path());
      if (!m.matches()) continue;
      String path = m.group(1);
      String text = f.text();
      if (!text.startsWith("---") && !text.startsWith("\uFEFF---")) continue; // a plain file, not a page
      String id = JekyllPages.idFromFileName(path);
      ids.merge(id, 1, Integer::sum);
      found.add(new String[] {path, id, text});
    }
    for (String[] p : found) {
      String path = p[0];
      String folder = path.substring(1, path.indexOf('/'));
      // Two folders with a page of the same name: the collection's gets its folder's name.
      String id = ids.get(p[1]) > 1 && !folder.equals("posts") ? folder + "-" + p[1] : p[1];
      id = id.length() > 128 ? id.substring(0, 128) : id;
      String fileDate = path.startsWith("_posts/") ? JekyllPages.dateFromFileName(path).orElse(null) : null;
      try {
        Workshop read = pages.read(id, p[2], fileDate, null, path);
        out.add(new Page(path, id, fileDate, p[2], read, null));
      } catch (Rejection r) {
        out.add(new Page(path, id, fileDate, p[2], null, r.detail()));
      }
    }
    return new Site(out, title);
  }

  private static String configTitle(String yaml) {
    try {
      Object doc = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(
          new org.yaml.snakeyaml.LoaderOptions())).load(yaml);
      return doc instanceof Map<?, ?> map && map.get("title") != null ? String.valueOf(map.get("title")) : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * The meeting each page that names none joins: {@code chosen} when given (?category=); else the
   * meeting of its day (see {@link #meetingNear}), from the workshops there are and the pages of
   * the site that name theirs; else one named after the site's title. Keyed by path; pages that
   * name their meeting are not in it.
   */
  public static Map<String, String> meetings(Site site, List<Workshop> existing, String chosen) {
    Map<String, TreeSet<LocalDate>> days = days(existing);
    for (Page p : site.pages()) {
      if (p.category().isPresent()) p.date().flatMap(SitePages::day).ifPresent(d -> addDay(days, p.category().get(), d));
    }
    String fallback = chosen != null ? chosen : slug(site.configTitle());
    Map<String, String> out = new LinkedHashMap<>();
    for (Page p : site.pages()) {
      if (p.read() == null || p.category().isPresent()) continue;
      String meeting = chosen != null ? chosen
          : p.date().flatMap(SitePages::day).flatMap(d -> meetingNear(d, days)).orElse(fallback);
      if (meeting != null) out.put(p.path(), meeting);
    }
    return out;
  }

  /** The meeting a page posted on its own (text/markdown) that names none joins: that of its day. */
  public static Optional<String> meetingOfDate(String date, List<Workshop> existing) {
    return day(date).flatMap(d -> meetingNear(d, days(existing)));
  }

  /**
   * The meeting a day belongs to, given the days of each meeting's workshops: the one with a
   * workshop that day; else the one whose first and last days it lies between (the keynote day
   * between two workshop days); else the nearest within {@value #NEAR_DAYS} days (the arrival
   * day before the first workshops). Ties go to the meeting named first.
   */
  static Optional<String> meetingNear(LocalDate day, Map<String, TreeSet<LocalDate>> days) {
    String best = null;
    long bestDistance = Long.MAX_VALUE;
    for (Map.Entry<String, TreeSet<LocalDate>> m : days.entrySet()) {
      TreeSet<LocalDate> d = m.getValue();
      long distance;
      if (d.contains(day)) {
        distance = 0;
      } else if (!day.isBefore(d.first()) && !day.isAfter(d.last())) {
        distance = 1;
      } else {
        LocalDate nearest = day.isBefore(d.first()) ? d.first() : d.last();
        long apart = Math.abs(ChronoUnit.DAYS.between(day, nearest));
        if (apart > NEAR_DAYS) continue;
        distance = 1 + apart;
      }
      if (distance < bestDistance) {
        best = m.getKey();
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  private static Map<String, TreeSet<LocalDate>> days(List<Workshop> workshops) {
    Map<String, TreeSet<LocalDate>> days = new TreeMap<>();
    for (Workshop w : workshops) {
      if (!w.categories().isEmpty()) day(w.date()).ifPresent(d -> addDay(days, w.categories().get(0), d));
    }
    return days;
  }

  private static void addDay(Map<String, TreeSet<LocalDate>> days, String meeting, LocalDate day) {
    days.computeIfAbsent(meeting, k -> new TreeSet<>()).add(day);
  }

  private static Optional<LocalDate> day(String date) {
    if (date == null) return Optional.empty();
    try {
      return Optional.of(LocalDate.parse(date));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** "DALI 2021" → "dali2021": a category of letters and digits. */
  static String slug(String title) {
    if (title == null) return null;
    String s = java.text.Normalizer.normalize(title, java.text.Normalizer.Form.NFD)
        .replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "");
    return s.isEmpty() ? null : s.substring(0, Math.min(64, s.length()));
  }

  /** Where a workshop's page goes in the site: as imported, else a post of its date or a workshop page. */
  public static String pathOf(Workshop w) {
    Optional<String> imported = JekyllPages.path(w);
    if (imported.isPresent()) return imported.get();
    if (w.date() == null) return "_workshops/" + w.id() + ".md";
    return "_posts/" + (w.id().startsWith(w.date()) ? w.id() : w.date() + "-" + w.id()) + ".md";
  }

  /** The pages of these workshops as a zip, under their Jekyll paths. Blocking (CPU only). */
  public byte[] zip(List<Workshop> workshops) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Set<String> written = new HashSet<>();
    try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
      for (Workshop w : workshops) {
        String path = pathOf(w);
        if (!written.add(path)) path = path.replaceFirst("\\.md$", "") + "-" + w.id() + ".md";
        ZipEntry entry = new ZipEntry(path);
        entry.setTime(ZIP_TIME);
        zip.putNextEntry(entry);
        zip.write(pages.write(w).getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
