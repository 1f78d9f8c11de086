package dev.lineup.reliability;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Generators of hostile input for the fuzzing properties: commands (JSON from a grammar of the
 * command vocabulary with hostile values, and byte-level mutations of valid commands) and Jekyll
 * pages (front matter from a YAML grammar with hostile values, and mutations of a real page).
 */
final class FuzzInputs {

  private FuzzInputs() {
  }

  static final List<String> TYPES = List.of("workshop.create", "workshop.update", "workshop.delete",
      "workshop.import", "organizer.add", "organizer.update", "organizer.remove", "talk.add",
      "talk.update", "talk.move", "talk.remove", "schedule.shift");

  private static final List<String> COMMAND_KEYS = List.of("type", "commandId", "expectedVersion", "talkId",
      "organizerId", "set", "talk", "organizer", "start", "end", "from", "minutes", "page", "date", "workshop",
      "$where", "a.b", "", "__proto__", "_id");

  private static final List<String> PATCH_KEYS = List.of("title", "authors", "start", "end", "abstract", "youtube",
      "kind", "status", "extra", "given", "family", "url", "institute", "room", "showAbstracts", "categories",
      "organizers", "talks", "speakers", "date", "timezone", "organizerUrl", "id", "version", "warnings",
      "$set", "x.y", "", "a\u0000b", "\u0000", "$", ".", "\uD800");

  private static final List<Object> SCALARS = List.of("", " ", "09:30", "9:30", "00:00", "23:59", "24:00",
      "25:99", "-1:00", "9:5", "12:60", "0900", "12:30:00", "Coffee Break", "null", "2026-11-26",
      "2026-02-30", "0000-00-00", "Europe/Rome", "Mars/Olympus", "UTC", "talk", "break", "cancelled",
      "scheduled", "party", "t1-1", "t1-2", "t1-3", "o1-1", "nope", "<script>alert(1)</script>",
      "\u0000", "\uFEFF", "\uD83D\uDE00", "\uD800", "a\nb", "$ne", "x".repeat(300), 0, 1, -1, 15, -15, 1440, -1440,
      Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 1.5, -0.0, 1e300, true, false);

  /** Valid commands against the fixture workshop (ids t1-N, o1-1): seeds for mutation. */
  static final List<String> VALID = List.of(
      "{\"type\":\"talk.update\",\"talkId\":\"t1-1\",\"set\":{\"title\":\"New\"},\"expectedVersion\":1}",
      "{\"type\":\"talk.move\",\"talkId\":\"t1-2\",\"start\":\"11:00\",\"end\":\"11:30\"}",
      "{\"type\":\"talk.add\",\"talk\":{\"title\":\"Late\",\"authors\":[{\"given\":\"Bo\",\"family\":\"Li\"}],\"start\":\"12:00\",\"end\":\"12:30\"}}",
      "{\"type\":\"talk.remove\",\"talkId\":\"t1-3\",\"commandId\":\"c-1\"}",
      "{\"type\":\"schedule.shift\",\"from\":\"10:00\",\"minutes\":15}",
      "{\"type\":\"workshop.update\",\"set\":{\"title\":\"Renamed\",\"room\":\"Aula\",\"extra\":{\"tagline\":\"t\"}}}",
      "{\"type\":\"organizer.add\",\"organizer\":{\"given\":\"Emmy\",\"family\":\"Noether\"}}",
      "{\"type\":\"organizer.update\",\"organizerId\":\"o1-1\",\"set\":{\"url\":\"https://example.org\"}}",
      "{\"type\":\"organizer.remove\",\"organizerId\":\"o1-1\"}",
      "{\"type\":\"talk.update\",\"talkId\":\"t1-4\",\"set\":{\"status\":\"cancelled\",\"kind\":\"break\",\"youtube\":\"abc\"}}",
      "{\"type\":\"workshop.import\",\"page\":\"---\\ntitle: T\\ntalks:\\n- title: A\\n  start: '9:00'\\n  end: '9:30'\\n---\\n\"}");

  static Arbitrary<Object> scalar() {
    return Arbitraries.oneOf(Arbitraries.of(SCALARS), Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
        Arbitraries.longs().map(l -> (Object) l));
  }

  /** A JSON value: scalars, and objects or arrays of them, nested a few levels. */
  static Arbitrary<Object> value(int depth) {
    if (depth <= 0) return scalar();
    Arbitrary<Object> object = Combinators.combine(
        Arbitraries.of(PATCH_KEYS).list().ofMaxSize(5), value(depth - 1).list().ofMaxSize(5)).as((keys, values) -> {
          JsonObject o = new JsonObject();
          for (int i = 0; i < Math.min(keys.size(), values.size()); i++) o.put(keys.get(i), values.get(i));
          return o;
        });
    Arbitrary<Object> array = value(depth - 1).list().ofMaxSize(4).map(l -> new JsonArray(new ArrayList<>(l)));
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, scalar()), net.jqwik.api.Tuple.of(3, object),
        net.jqwik.api.Tuple.of(1, array));
  }

  /** A command-shaped JSON object: a known (or mangled) type, known and unknown keys, hostile values. */
  static Arbitrary<String> grammarCommand() {
    Arbitrary<Object> type = Arbitraries.oneOf(Arbitraries.of(TYPES).map(t -> (Object) t),
        Arbitraries.of("talk.fly", "TALK.UPDATE", "talk.update ", "", "workshop").map(t -> (Object) t), scalar());
    return Combinators.combine(type, Arbitraries.of(COMMAND_KEYS).list().ofMaxSize(6),
        value(3).list().ofMaxSize(6), Arbitraries.integers().between(0, 9)).as((t, keys, values, shape) -> {
          JsonObject c = new JsonObject();
          if (shape != 0) c.put("type", t);
          for (int i = 0; i < Math.min(keys.size(), values.size()); i++) c.put(keys.get(i), values.get(i));
          return c.encode();
        });
  }

  /** A valid command with a few bytes deleted, duplicated, replaced or inserted. */
  static Arbitrary<String> mutatedCommand() {
    return mutated(Arbitraries.of(VALID), List.of("", "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000",
        "null", "-", "1e999", "99999999999999999999", "\"$set\":1,", "\"extra\":{\"a.b\":1},", "{\"a\":{\"a\":{\"a\":1}}}",
        "\"talkId\":\"t1-1\",", "\"expectedVersion\":-5,", "\uD800", "\u00e9", "\t", "\n", "tru", "NaN"));
  }

  static Arbitrary<String> commands() {
    return Arbitraries.oneOf(grammarCommand(), mutatedCommand(), nearValidCommand(), nearValidCommand());
  }

  private static <T> Arbitrary<Object> mostly(Arbitrary<T> good) {
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, good.map(v -> (Object) v)),
        net.jqwik.api.Tuple.of(1, scalar()));
  }

  private static Arbitrary<String> time() {
    return Combinators.combine(Arbitraries.integers().between(0, 23), Arbitraries.of(0, 5, 15, 30, 45, 59))
        .as((h, m) -> String.format("%02d:%02d", h, m));
  }

  private static Arbitrary<String> text() {
    return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40), Arbitraries.of("Opening", "Coffee",
        "Husz&aacuter", "<b>bold</b>", "\u00e9t\u00e9", "a.b", "$ne", ""));
  }

  private static Arbitrary<Object> extra() {
    return Combinators.combine(Arbitraries.of(PATCH_KEYS).list().ofMaxSize(3), value(2).list().ofMaxSize(3))
        .as((keys, values) -> {
          JsonObject o = new JsonObject();
          for (int i = 0; i < Math.min(keys.size(), values.size()); i++) o.put("k" + keys.get(i), values.get(i));
          return (Object) o;
        });
  }

  private static Arbitrary<Object> people() {
    return Combinators.combine(text(), text()).as((g, f) -> new JsonObject().put("given", g).put("family", f))
        .list().ofMaxSize(3).map(l -> (Object) new JsonArray(new ArrayList<>(l)));
  }

  /** A talk, organizer or workshop patch: a few real fields with mostly plausible values. */
  private static Arbitrary<JsonObject> patch(List<String> fields) {
    Map<String, Arbitrary<Object>> gens = new java.util.HashMap<>();
    gens.put("title", mostly(text()));
    gens.put("abstract", mostly(text()));
    gens.put("youtube", mostly(text()));
    gens.put("start", mostly(time()));
    gens.put("end", mostly(time()));
    gens.put("authors", mostly(people()));
    gens.put("kind", mostly(Arbitraries.of("talk", "break")));
    gens.put("status", mostly(Arbitraries.of("scheduled", "cancelled")));
    gens.put("extra", mostly(extra()));
    gens.put("given", mostly(text()));
    gens.put("family", mostly(text()));
    gens.put("url", mostly(Arbitraries.of("https://example.org", "javascript:alert(1)", "", "not a url")));
    gens.put("institute", mostly(text()));
    gens.put("room", mostly(text()));
    gens.put("showAbstracts", mostly(Arbitraries.of(true, false)));
    gens.put("categories", mostly(Arbitraries.of("dali2018", "a b", "", "$x").list().ofMaxSize(2).map(l -> new JsonArray(new ArrayList<>(l)))));
    gens.put("date", mostly(Arbitraries.of("2018-04-03", "2026-02-29", "2024-02-29", "18-4-3")));
    gens.put("timezone", mostly(Arbitraries.of("Europe/Rome", "UTC", "Mars/Base", "+01:00")));
    gens.put("organizerUrl", mostly(text()));
    return Arbitraries.of(fields).list().uniqueElements().ofMinSize(1).ofMaxSize(4).flatMap(chosen -> {
      List<Arbitrary<Object>> values = chosen.stream().map(gens::get).toList();
      return Combinators.combine(values).as(vs -> {
        JsonObject o = new JsonObject();
        for (int i = 0; i < chosen.size(); i++) o.put(chosen.get(i), vs.get(i));
        return o;
      });
    });
  }

  private static final List<String> TALK_FIELDS = List.of("title", "abstract", "youtube", "start", "end",
      "authors", "kind", "status", "extra");
  private static final List<String> PERSON_FIELDS = List.of("given", "family", "url", "institute", "extra");
  private static final List<String> WORKSHOP_FIELDS = List.of("title", "abstract", "room", "showAbstracts",
      "categories", "date", "timezone", "organizerUrl", "extra");

  /** Commands of the right shape for the fixture workshop, plausible values with some hostile ones. */
  static Arbitrary<String> nearValidCommand() {
    Arbitrary<Object> talkId = mostly(Arbitraries.of("t1-1", "t1-2", "t1-3", "t1-4", "t1-5", "t1-6", "t9-9"));
    Arbitrary<Object> version = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.just((Object) null)),
        net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(-1, 3).map(l -> (Object) l)));
    Arbitrary<JsonObject> command = Arbitraries.oneOf(
        Combinators.combine(talkId, patch(TALK_FIELDS)).as((t, p) -> new JsonObject().put("type", "talk.update").put("talkId", t).put("set", p)),
        Combinators.combine(talkId, mostly(time()), mostly(time())).as((t, a, b) -> new JsonObject().put("type", "talk.move").put("talkId", t).put("start", a).put("end", b)),
        patch(TALK_FIELDS).map(p -> new JsonObject().put("type", "talk.add").put("talk", p)),
        talkId.map(t -> new JsonObject().put("type", "talk.remove").put("talkId", t)),
        Combinators.combine(mostly(time()), mostly(Arbitraries.integers().between(-900, 900))).as((f, m) -> new JsonObject().put("type", "schedule.shift").put("from", f).put("minutes", m)),
        patch(WORKSHOP_FIELDS).map(p -> new JsonObject().put("type", "workshop.update").put("set", p)),
        patch(PERSON_FIELDS).map(p -> new JsonObject().put("type", "organizer.add").put("organizer", p)),
        Combinators.combine(mostly(Arbitraries.of("o1-1", "o9-9")), patch(PERSON_FIELDS)).as((o, p) -> new JsonObject().put("type", "organizer.update").put("organizerId", o).put("set", p)),
        mostly(Arbitraries.of("o1-1")).map(o -> new JsonObject().put("type", "organizer.remove").put("organizerId", o)));
    return Combinators.combine(command, version).as((c, v) -> {
      if (v != null) c.put("expectedVersion", v);
      return c.encode();
    });
  }

  /** Up to three edits of a seed: a range of up to 8 chars replaced by a piece of junk. */
  static Arbitrary<String> mutated(Arbitrary<String> seeds, List<String> junk) {
    Arbitrary<int[]> edit = Combinators.combine(Arbitraries.integers().between(0, 100_000),
        Arbitraries.integers().between(0, 8), Arbitraries.integers().between(0, junk.size() - 1))
        .as((i, n, j) -> new int[] {i, n, j});
    return Combinators.combine(seeds, edit.list().ofMinSize(1).ofMaxSize(3)).as((seed, edits) -> {
      String text = seed;
      for (int[] e : edits) {
        int i = e[0] % (text.length() + 1);
        int end = Math.min(text.length(), i + e[1]);
        text = text.substring(0, i) + junk.get(e[2]) + text.substring(end);
      }
      return text;
    });
  }

  // ---- pages ----------------------------------------------------------------------------

  private static final List<String> PAGE_KEYS = List.of("title", "layout", "abstract", "organizer_url",
      "categories", "organizers", "room", "show_abstracts", "speakers", "talks", "date", "timezone",
      "tagline", "permalink", "$where", "a.b", "<<", "? complex", "\"quoted key\"", "0", "null", "true");

  private static final List<String> TALK_KEYS = List.of("title", "author", "authors", "youtube", "start", "end",
      "abstract", "abstract2", "slides", "bio", "reveal", "dropbox", "slideshare", "kind", "status", "id", "$x");

  private static final List<String> YAML_VALUES = List.of("", "~", "null", "\"\"", "''", "yes", "no", "on",
      "\"9:30\"", "9:30", "09:30", "\"25:00\"", "Coffee Break", "\"Coffee Break\"", "12:30:00", "1e9999",
      "0x1F", "0o17", "-.inf", ".nan", "2018-04-03", "2018-02-30", "!!timestamp 2018-04-03T09:00:00Z",
      "!!binary aGVsbG8=", "!!str 12", "!!int \"x\"", "!!float abc", "!!python/object:os.system x",
      "!!java.io.File x", "&a x", "*a", "*undefined", "[1, 2", "{a: 1}", "[]", "{}", "\"unterminated",
      "'it''s'", "|\n    literal\n    block", ">\n    folded", "Husz&aacuter", "<script>x</script>",
      "\"\\u0000\"", "\"\\uD800\"", "\"tab\\there\"", "- x", ": :", "#comment", "%TAG", "\t9:30",
      "\"" + "y".repeat(200) + "\"", "&r [*r]", "[&s {a: *s}]");

  private static Arbitrary<String> yamlScalar() {
    return Arbitraries.oneOf(Arbitraries.of(YAML_VALUES), Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(15));
  }

  private static Arbitrary<String> talkBlock() {
    return Combinators.combine(Arbitraries.of(TALK_KEYS).list().ofMaxSize(6), yamlScalar().list().ofMaxSize(6),
        Arbitraries.of("  ", " ", "   ", "\t", "    ")).as((keys, values, indent) -> {
          StringBuilder sb = new StringBuilder("-");
          boolean first = true;
          for (int i = 0; i < Math.min(keys.size(), values.size()); i++) {
            sb.append(first ? " " : indent).append(keys.get(i)).append(": ");
            if (keys.get(i).startsWith("author") && i % 2 == 0) {
              sb.append("\n").append(indent).append("- given: ").append(values.get(i)).append("\n")
                  .append(indent).append("  family: X\n");
            } else {
              sb.append(values.get(i)).append("\n");
            }
            first = false;
          }
          if (first) sb.append(" ").append("\n");
          return sb.toString();
        });
  }

  /** A Jekyll page: '---', front matter from the grammar (maybe a talks list), '---', a body. */
  static Arbitrary<String> grammarPage() {
    Arbitrary<String> entries = Combinators.combine(Arbitraries.of(PAGE_KEYS), yamlScalar())
        .as((k, v) -> k + ": " + v + "\n").list().ofMaxSize(8).map(l -> String.join("", l));
    Arbitrary<String> talks = talkBlock().list().ofMaxSize(5).map(l -> "talks:\n" + String.join("", l));
    return Combinators.combine(entries, talks, Arbitraries.of("---\n", "---\r\n", "--- \n", "\uFEFF---\n", "---"),
        Arbitraries.of("---\n", "...\n", "---\r\n", "", "--\n"), Arbitraries.of("", "Body\n", "---\nmore\n"))
        .as((e, t, open, close, body) -> open + e + t + close + body);
  }

  static Arbitrary<String> mutatedPage() {
    return mutated(Arbitraries.of(page("2018-04-03-mini-theory.md"), page("2016-03-30-mini-2016.md")),
        List.of("", ":", "- ", "\"", "'", "\n", "\t", "  ", "&", "*x", "&a ", "!!binary ", "!!timestamp ", "{", "[",
            "? ", "12:30", "null", "~", "yes", "$x: 1\n", "a.b: {c.d: 1}\n", "\n- title: 7\n  start: [1]\n",
            "\u0000", "\uFEFF", "%", "---\n", "&r [*r]\n", "\n  - &q [*q]\n", "<<: *a\n", "!!set {a, b}\n",
            "!!omap [a: 1]\n", "\n- title: x\n  author: [{given: [1], family: {a: b}}]\n"));
  }

  static Arbitrary<String> pages() {
    return Arbitraries.oneOf(grammarPage(), mutatedPage());
  }

  static String page(String name) {
    try (InputStream in = FuzzInputs.class.getResourceAsStream("/workshops/" + name)) {
      if (in == null) throw new IllegalStateException("missing test page " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
