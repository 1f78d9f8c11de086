package dev.lineup.formats.jekyll;

import dev.lineup.schedule.Rejection;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.DumperOptions;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits a Jekyll page into its YAML front matter and its body, and loads the front matter
 * safely: plain types only (maps, lists, strings, numbers, booleans, null), bounded in size,
 * aliases and nesting, every parser failure turned into a {@link Rejection} with a position.
 */
final class FrontMatter {

  static final int MAX_CODE_POINTS = 4 * 1024 * 1024;
  static final int MAX_ALIASES = 50;
  static final int MAX_NESTING = 50;
  /** Aliases may share nodes; expanded, a small document could still become huge. */
  static final int MAX_NODES = 200_000;

  private static final Pattern OPENING = Pattern.compile("---[ \\t]*");
  private static final Pattern CLOSING = Pattern.compile("(---|\\.\\.\\.)[ \\t]*");

  /**
   * The front matter as loaded (keys in page order), the text after it (verbatim), and the page's
   * text up to and including its closing '---' line ({@code head}), whose YAML starts at
   * {@code yamlStart}.
   */
  record Split(Map<String, Object> yaml, String body, String head, int yamlStart) {

    String yamlText() {
      return head.substring(yamlStart, closingLineStart(head));
    }
  }

  private FrontMatter() {
  }

  static Split read(String page) {
    return read(page, new Notes());
  }

  static Split read(String page, Notes notes) {
    if (page == null) throw Rejection.invalid("page", "is required");
    if (page.length() > MAX_CODE_POINTS) {
      throw Rejection.invalid("page", "is larger than " + MAX_CODE_POINTS + " characters");
    }
    String text = page.startsWith("\uFEFF") ? page.substring(1) : page;
    int firstEnd = lineEnd(text, 0);
    if (!OPENING.matcher(stripCr(text.substring(0, firstEnd))).matches()) {
      throw Rejection.invalid("page", "line 1: a Jekyll page starts with a '---' line opening its"
          + " YAML front matter");
    }
    int yamlStart = next(text, firstEnd);
    int pos = yamlStart;
    int line = 2;
    while (pos < text.length()) {
      int end = lineEnd(text, pos);
      if (CLOSING.matcher(stripCr(text.substring(pos, end))).matches()) {
        String yaml = text.substring(yamlStart, pos);
        int bom = page.length() - text.length();
        return new Split(load(yaml, notes), text.substring(next(text, end)),
            page.substring(0, bom + next(text, end)), bom + yamlStart);
      }
      pos = next(text, end);
      line++;
    }
    throw Rejection.invalid("page", "line " + line + ": the front matter opened on line 1 is"
        + " never closed by a '---' line");
  }

  private static int lineEnd(String text, int from) {
    int nl = text.indexOf('\n', from);
    return nl < 0 ? text.length() : nl;
  }

  private static int next(String text, int lineEnd) {
    return Math.min(text.length(), lineEnd + 1);
  }

  private static String stripCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  /** Where the closing '---' line of a page head starts. */
  private static int closingLineStart(String head) {
    int end = head.endsWith("\n") ? head.length() - 1 : head.length();
    return head.lastIndexOf('\n', end - 1) + 1;
  }

  static Map<String, Object> load(String yamlText) {
    return load(yamlText, Notes.discard());
  }

  /**
   * Loads YAML text (front matter starts on line 2 of the page, hence the line offset). A key
   * given twice in one mapping is read as Jekyll's YAML reader does: the last one wins, at the
   * place of the first; each repetition is noted with its line.
   */
  static Map<String, Object> load(String yamlText, Notes notes) {
    Object loaded;
    try {
      Node node = compose(yamlText);
      if (node != null) duplicates(node, notes, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()), 0);
      loaded = node == null ? null : new PlainConstructor(options()).construct(node);
    } catch (MarkedYAMLException e) {
      throw Rejection.invalid("page", position(e) + "invalid YAML front matter: "
          + firstLine(e.getProblem() != null ? e.getProblem() : e.getMessage()));
    } catch (RuntimeException e) {
      throw Rejection.invalid("page", "invalid YAML front matter: " + firstLine(e.getMessage()));
    } catch (StackOverflowError e) {
      // A mapping key holding a list that contains itself ("? [&k [*k]]"): SnakeYAML hashes the
      // key, and a self-containing list's hashCode recurses without end.
      throw Rejection.invalid("page", "invalid YAML front matter: an alias refers to itself");
    }
    if (loaded == null) return new LinkedHashMap<>();
    if (!(loaded instanceof Map<?, ?>)) {
      throw Rejection.invalid("page", "line 2: the front matter must be a mapping of keys to"
          + " values, not a " + describe(loaded));
    }
    int[] budget = {MAX_NODES};
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) plain(loaded, budget, 0);
    return map;
  }

  private static String position(MarkedYAMLException e) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    if (mark == null) return "";
    return "line " + (mark.getLine() + 2) + ", column " + (mark.getColumn() + 1) + ": ";
  }

  private static String firstLine(String message) {
    if (message == null) return "unreadable";
    String m = message.strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static String describe(Object value) {
    if (value instanceof Collection<?>) return "list";
    if (value instanceof String) return "text";
    return "single value";
  }

  /**
   * Copies what SnakeYAML built into JSON-like values: string keys, lists for sets and pairs,
   * text for binary and (explicitly tagged) timestamps. Counts nodes against alias bombs.
   */
  private static Object plain(Object value, int[] budget, int depth) {
    if (--budget[0] < 0) {
      throw Rejection.invalid("page", "the front matter expands to more than " + MAX_NODES
          + " values");
    }
    // An alias inside its own anchor ("&a [*a]") makes a cycle: without this, a StackOverflowError.
    if (depth > MAX_NESTING) {
      throw Rejection.invalid("page", "the front matter nests deeper than " + MAX_NESTING
          + " levels (or an alias refers to itself)");
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        copy.put(e.getKey() == null ? "" : String.valueOf(plain(e.getKey(), budget, depth + 1)),
            plain(e.getValue(), budget, depth + 1));
      }
      return copy;
    }
    if (value instanceof Collection<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object o : list) copy.add(plain(o, budget, depth + 1));
      return copy;
    }
    if (value instanceof Object[] array) {
      List<Object> copy = new ArrayList<>(array.length);
      for (Object o : array) copy.add(plain(o, budget, depth + 1));
      return copy;
    }
    if (value instanceof java.math.BigInteger big) {
      return big.bitLength() < 64 ? (Object) big.longValue() : big.toString();
    }
    if (value instanceof byte[] bytes) return Base64.getEncoder().encodeToString(bytes);
    if (value instanceof Date date) return date.toInstant().toString();
    if (value == null || value instanceof String || value instanceof Number
        || value instanceof Boolean) {
      return value;
    }
    return String.valueOf(value);
  }

  /** The node tree of YAML text (marks give each value's place in it); null when empty. */
  static Node compose(String yamlText) {
    LoaderOptions options = options();
    DumperOptions dumper = new DumperOptions();
    return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options,
        new PageResolver()).compose(new StringReader(yamlText));
  }

  /** The plain value of a node, as {@link #load} makes it. */
  static Object value(Node node) {
    return plain(new PlainConstructor(options()).construct(node), new int[] {MAX_NODES}, 0);
  }

  private static void duplicates(Node node, Notes notes, Set<Node> seen, int depth) {
    if (depth > MAX_NESTING || !seen.add(node)) return;
    if (node instanceof MappingNode map) {
      Map<String, Integer> lines = new HashMap<>();
      for (NodeTuple tuple : map.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode key && !key.getTag().equals(Tag.MERGE)) {
          int line = key.getStartMark().getLine() + 2;
          Integer first = lines.putIfAbsent(key.getValue(), line);
          if (first != null) {
            notes.add(Notes.DUPLICATE_KEY, "line " + line + ": key \"" + key.getValue()
                + "\" is given again (first on line " + first + "); the last one is used, as Jekyll does");
          }
        }
        duplicates(tuple.getValueNode(), notes, seen, depth + 1);
      }
    } else if (node instanceof SequenceNode list) {
      for (Node item : list.getValue()) duplicates(item, notes, seen, depth + 1);
    }
  }

  private static LoaderOptions options() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setAllowDuplicateKeys(true);
    return options;
  }

  /** Constructs plain values from a composed node (SnakeYAML keeps that step protected). */
  private static final class PlainConstructor extends SafeConstructor {

    PlainConstructor(LoaderOptions options) {
      super(options);
    }

    Object construct(Node node) {
      return constructDocument(node);
    }

    /**
     * Duplicate keys stay in the node (the page editor needs every occurrence); the mapping still
     * ends up with the last value, at the place of the first, as Jekyll reads it.
     */
    @Override
    protected void processDuplicateKeys(MappingNode node) {
    }

    @Override
    protected void processDuplicateKeys(MappingNode node, boolean forceStringKeys) {
    }
  }

  /**
   * YAML 1.1 as Jekyll's Ruby reads it, minus two surprises for schedule data: "9:30" is not a
   * base-60 number and "2018-04-03" is not a timestamp; both stay text.
   */
  static final class PageResolver extends Resolver {

    private static final Pattern INT = Pattern.compile("^(?:[-+]?0b[0-1_]+"
        + "|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$");
    private static final Pattern FLOAT = Pattern.compile("^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*"
        + "(?:[eE][-+]?[0-9]+)?|[-+]?\\.[0-9_]+(?:[eE][-+]?[0-9]+)?"
        + "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");

    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO", 10);
      addImplicitResolver(Tag.INT, INT, "-+0123456789");
      addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
      addImplicitResolver(Tag.MERGE, MERGE, "<", 10);
      addImplicitResolver(Tag.NULL, NULL, "~nN\0", 10);
      addImplicitResolver(Tag.NULL, EMPTY, null, 10);
    }
  }
}
