package dev.lineup.formats.jekyll;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a front matter into the page it came from by editing that page's text where values
 * differ, so that comments, spacing, quoting and every untouched line stay as the organizers wrote
 * them (a {@code git diff} then shows only what changed in Lineup). A value that changed is
 * rewritten in place, a key or list item that went away is cut out with its lines, a new one is
 * inserted beside its neighbours in the same indentation, and a key given twice keeps only its
 * winning (last) value. When the page uses YAML this cannot edit safely (aliases, flow mappings at
 * the top) or the edit would not read back as the front matter asked for, there is no edit and the
 * caller writes the page anew.
 */
final class PageEditor {

  private final String text;
  private final int[] charIndex;
  private final String newline;
  private final List<Edit> edits = new ArrayList<>();
  private final Map<Integer, StringBuilder> inserts = new LinkedHashMap<>();

  private record Edit(int start, int end, String text) {
  }

  /** Not editable in place: the caller falls back to writing the page anew. */
  private static final class Unsupported extends RuntimeException {
    Unsupported(String why) {
      super(why, null, false, false);
    }
  }

  private PageEditor(String text) {
    this.text = text;
    this.newline = text.contains("\r\n") ? "\r\n" : "\n";
    boolean surrogates = text.chars().anyMatch(c -> Character.isSurrogate((char) c));
    if (surrogates) {
      int[] map = new int[text.codePointCount(0, text.length()) + 1];
      int cp = 0;
      for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) map[cp++] = i;
      map[cp] = text.length();
      this.charIndex = map;
    } else {
      this.charIndex = null;
    }
  }

  /**
   * {@code head}: a page's text through its closing '---' line; {@code front}: the front matter it
   * should now have. The edited head, or empty when it cannot be edited in place.
   */
  static Optional<String> edit(String head, Map<String, Object> front) {
    int yamlStart = head.indexOf('\n') + 1;
    int closing = closingLineStart(head);
    if (yamlStart <= 0 || closing < yamlStart) return Optional.empty();
    String yaml = head.substring(yamlStart, closing);
    try {
      Node root = FrontMatter.compose(yaml);
      String edited;
      if (root == null) {
        edited = front.isEmpty() ? yaml : YamlWriter.write(front);
      } else if (root instanceof MappingNode map && map.getFlowStyle() == DumperOptions.FlowStyle.BLOCK
          && !map.getValue().isEmpty()) {
        PageEditor editor = new PageEditor(yaml);
        editor.mapping(map, front);
        edited = editor.apply();
      } else {
        return Optional.empty();
      }
      // The safety net: what is written must read back as exactly the front matter asked for.
      if (!same(FrontMatter.load(edited), front)) return Optional.empty();
      return Optional.of(head.substring(0, yamlStart) + edited + head.substring(closing));
    } catch (Unsupported | dev.lineup.schedule.Rejection e) {
      return Optional.empty();
    }
  }

  private static int closingLineStart(String head) {
    int end = head.endsWith("\n") ? head.length() - 1 : head.length();
    return head.lastIndexOf('\n', end - 1) + 1;
  }

  // ---- diffing ------------------------------------------------------------------------------

  private void mapping(MappingNode node, Map<?, ?> wanted) {
    List<NodeTuple> tuples = node.getValue();
    Map<String, Integer> last = new HashMap<>();
    for (int i = 0; i < tuples.size(); i++) last.put(key(tuples.get(i)), i);
    int column = tuples.get(0).getKeyNode().getStartMark().getColumn();
    Set<String> present = new HashSet<>();
    for (int i = 0; i < tuples.size(); i++) {
      NodeTuple tuple = tuples.get(i);
      String key = key(tuple);
      present.add(key);
      if (last.get(key) != i || !wanted.containsKey(key)) {
        deleteEntry(tuple, i + 1 < tuples.size() ? tuples.get(i + 1) : null);
      } else {
        entry(tuple, wanted.get(key), column);
      }
    }
    List<String> order = new ArrayList<>();
    for (Object k : wanted.keySet()) order.add(String.valueOf(k));
    for (int j = 0; j < order.size(); j++) {
      String key = order.get(j);
      if (present.contains(key)) continue;
      int at = -1;
      for (int p = j - 1; p >= 0 && at < 0; p--) {
        if (present.contains(order.get(p))) at = lineEndAfter(end(tuples.get(last.get(order.get(p))).getValueNode()));
      }
      if (at < 0) at = lineStart(index(tuples.get(0).getKeyNode().getStartMark().getIndex()));
      Map<String, Object> one = new LinkedHashMap<>();
      one.put(key, wanted.get(key));
      insert(at, YamlWriter.block(one, column));
    }
  }

  private void entry(NodeTuple tuple, Object wanted, int column) {
    Node value = tuple.getValueNode();
    int keyEnd = index(tuple.getKeyNode().getEndMark().getIndex());
    if (index(value.getStartMark().getIndex()) < keyEnd) throw new Unsupported("an alias");
    if (same(FrontMatter.value(value), wanted) && !repeatsAKey(value)) return;
    if (isBlock(value) && value instanceof MappingNode map && !map.getValue().isEmpty()
        && wanted instanceof Map<?, ?> m && !m.isEmpty()) {
      mapping(map, m);
    } else if (isBlock(value) && value instanceof SequenceNode list && !list.getValue().isEmpty()
        && wanted instanceof List<?> l && !l.isEmpty()) {
      sequence(list, l);
    } else {
      int end = end(value);
      if (value instanceof ScalarNode s && s.getValue().isEmpty()
          && s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN) {
        while (end < text.length() && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) end++;
      }
      replace(keyEnd, end, ":" + YamlWriter.afterKey(wanted, column));
    }
  }

  private void deleteEntry(NodeTuple tuple, NodeTuple next) {
    int keyStart = index(tuple.getKeyNode().getStartMark().getIndex());
    int from = lineStart(keyStart);
    if (text.substring(from, keyStart).isBlank()) {
      replace(from, lineEndAfter(end(tuple.getValueNode())), "");
    } else if (next != null) {
      // The first key of a list item ("- title: x"): the item's next key takes its place.
      replace(keyStart, index(next.getKeyNode().getStartMark().getIndex()), "");
    } else {
      throw new Unsupported("the only key of a list item");
    }
  }

  private void sequence(SequenceNode node, List<?> wanted) {
    List<Node> items = node.getValue();
    int n = items.size();
    int m = wanted.size();
    for (int i = 1; i < n; i++) {
      if (items.get(i).getStartMark().getIndex() <= items.get(i - 1).getStartMark().getIndex()) {
        throw new Unsupported("an alias");
      }
    }
    int dashColumn = dashColumn(items.get(0));
    boolean[][] equal = new boolean[n][m];
    List<Object> values = new ArrayList<>(n);
    for (Node item : items) values.add(FrontMatter.value(item));
    for (int i = 0; i < n; i++) {
      boolean repeats = repeatsAKey(items.get(i));
      for (int j = 0; j < m; j++) equal[i][j] = !repeats && same(values.get(i), wanted.get(j));
    }
    // Longest common subsequence: the items that stay as they are; the rest is edited in place,
    // cut out or inserted.
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] = equal[i][j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    int i = 0;
    int j = 0;
    int fromI = 0;
    int fromJ = 0;
    while (i < n && j < m) {
      if (equal[i][j] && lcs[i][j] == lcs[i + 1][j + 1] + 1) {
        gap(items, values, wanted, fromI, i, fromJ, j, dashColumn);
        fromI = ++i;
        fromJ = ++j;
      } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
        i++;
      } else {
        j++;
      }
    }
    gap(items, values, wanted, fromI, n, fromJ, m, dashColumn);
  }

  /**
   * Source items [i, pi) became wanted items [j, pj): an item edited in place is the one of the
   * same name (title, family name) where there is one, so that cutting one talk and changing the
   * next edits the lines of those two; the rest pair up in order, and what is left is cut or added.
   */
  private void gap(List<Node> items, List<Object> values, List<?> wanted, int i, int pi, int j, int pj,
                   int dashColumn) {
    for (int w = j; w < pj; w++) {
      for (int k = i; k < pi; k++) {
        if (sameName(values.get(k), wanted.get(w))) {
          inOrder(items, wanted, i, k, j, w, dashColumn);
          item(items.get(k), wanted.get(w), dashColumn);
          gap(items, values, wanted, k + 1, pi, w + 1, pj, dashColumn);
          return;
        }
      }
    }
    inOrder(items, wanted, i, pi, j, pj, dashColumn);
  }

  /** Keys that name a list item: a talk by its title, a person by the family name. */
  private static final List<String> NAMES = List.of("title", "family", "lastname");

  private static boolean sameName(Object source, Object wanted) {
    if (!(source instanceof Map<?, ?> a) || !(wanted instanceof Map<?, ?> b)) return false;
    for (String key : NAMES) {
      if (a.containsKey(key) || b.containsKey(key)) {
        return a.get(key) != null && same(a.get(key), b.get(key));
      }
    }
    return false;
  }

  /** Source items [i, pi) became wanted items [j, pj), paired in order; the rest cut or added. */
  private void inOrder(List<Node> items, List<?> wanted, int i, int pi, int j, int pj, int dashColumn) {
    int paired = Math.min(pi - i, pj - j);
    for (int k = 0; k < paired; k++) item(items.get(i + k), wanted.get(j + k), dashColumn);
    for (int k = i + paired; k < pi; k++) deleteItem(items.get(k));
    if (j + paired < pj) {
      int at = i + paired > 0 ? lineEndAfter(end(items.get(i + paired - 1)))
          : lineStart(dash(items.get(0)));
      StringBuilder added = new StringBuilder();
      for (int k = j + paired; k < pj; k++) added.append(YamlWriter.block(List.of(wanted.get(k)), dashColumn));
      insert(at, added.toString());
    }
  }

  private void item(Node item, Object wanted, int dashColumn) {
    if (same(FrontMatter.value(item), wanted) && !repeatsAKey(item)) return;
    if (isBlock(item) && item instanceof MappingNode map && !map.getValue().isEmpty()
        && wanted instanceof Map<?, ?> m && !m.isEmpty()) {
      mapping(map, m);
    } else {
      replace(index(item.getStartMark().getIndex()), end(item), YamlWriter.afterDash(wanted, dashColumn));
    }
  }

  private void deleteItem(Node item) {
    int dash = dash(item);
    int from = lineStart(dash);
    if (!text.substring(from, dash).isBlank()) throw new Unsupported("a nested list item");
    replace(from, lineEndAfter(end(item)), "");
  }

  /** Whether a key is given twice in this node or below: its text then needs the repeats cut. */
  private final Map<Node, Boolean> repeats = new java.util.IdentityHashMap<>();

  private boolean repeatsAKey(Node node) {
    Boolean known = repeats.get(node);
    if (known != null) return known;
    repeats.put(node, false); // an alias cycle ends here
    boolean found = false;
    if (node instanceof MappingNode map) {
      Set<String> keys = new HashSet<>();
      for (NodeTuple t : map.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && !keys.add(k.getValue())) found = true;
        found |= repeatsAKey(t.getValueNode());
      }
    } else if (node instanceof SequenceNode list) {
      for (Node item : list.getValue()) found |= repeatsAKey(item);
    }
    repeats.put(node, found);
    return found;
  }

  // ---- positions ----------------------------------------------------------------------------

  private static String key(NodeTuple tuple) {
    if (!(tuple.getKeyNode() instanceof ScalarNode key)) throw new Unsupported("a complex key");
    return key.getValue();
  }

  private static boolean isBlock(Node node) {
    if (node instanceof MappingNode m) return m.getFlowStyle() == DumperOptions.FlowStyle.BLOCK;
    if (node instanceof SequenceNode s) return s.getFlowStyle() == DumperOptions.FlowStyle.BLOCK;
    return false;
  }

  /** Where a node's content ends (a block collection: where its last value ends). */
  private int end(Node node) {
    if (node instanceof SequenceNode s && isBlock(s) && !s.getValue().isEmpty()) {
      return end(s.getValue().get(s.getValue().size() - 1));
    }
    if (node instanceof MappingNode m && isBlock(m) && !m.getValue().isEmpty()) {
      return end(m.getValue().get(m.getValue().size() - 1).getValueNode());
    }
    int end = index(node.getEndMark().getIndex());
    if (node instanceof ScalarNode s && (s.getScalarStyle() == DumperOptions.ScalarStyle.LITERAL
        || s.getScalarStyle() == DumperOptions.ScalarStyle.FOLDED)) {
      while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) end--;
    }
    return end;
  }

  /** The '-' of a block list item. */
  private int dash(Node item) {
    int i = index(item.getStartMark().getIndex()) - 1;
    while (i >= 0 && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\n'
        || text.charAt(i) == '\r')) {
      i--;
    }
    if (i < 0 || text.charAt(i) != '-') throw new Unsupported("a list item without its dash");
    return i;
  }

  private int dashColumn(Node item) {
    int dash = dash(item);
    return dash - lineStart(dash);
  }

  private int lineStart(int pos) {
    return text.lastIndexOf('\n', pos - 1) + 1;
  }

  /** Just after the line break ending the line {@code pos} is on (or the end of the text). */
  private int lineEndAfter(int pos) {
    int nl = text.indexOf('\n', pos);
    return nl < 0 ? text.length() : nl + 1;
  }

  private int index(int codePointIndex) {
    return charIndex == null ? codePointIndex : charIndex[codePointIndex];
  }

  // ---- applying -----------------------------------------------------------------------------

  private void replace(int start, int end, String replacement) {
    edits.add(new Edit(start, end, replacement));
  }

  private void insert(int at, String lines) {
    inserts.computeIfAbsent(at, k -> new StringBuilder()).append(lines);
  }

  private String apply() {
    List<Edit> all = new ArrayList<>(edits);
    inserts.forEach((at, lines) -> all.add(new Edit(at, at, lines.toString())));
    // From the end, so that earlier positions stay valid; at one place, a cut before an insert.
    all.sort(Comparator.comparingInt(Edit::start).thenComparingInt(Edit::end).reversed());
    StringBuilder out = new StringBuilder(text);
    int limit = Integer.MAX_VALUE;
    for (Edit e : all) {
      if (e.end() > limit) throw new Unsupported("overlapping edits");
      out.replace(e.start(), e.end(), e.text().replace("\n", newline));
      limit = e.start();
    }
    return out.toString();
  }

  // ---- comparing ----------------------------------------------------------------------------

  /** Same front-matter value: numbers by value (570 and 570L), maps regardless of key order. */
  static boolean same(Object a, Object b) {
    if (a instanceof Map<?, ?> x) {
      if (!(b instanceof Map<?, ?> y) || x.size() != y.size()) return false;
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey()) || !same(e.getValue(), y.get(e.getKey()))) return false;
      }
      return true;
    }
    if (a instanceof List<?> x) {
      if (!(b instanceof List<?> y) || x.size() != y.size()) return false;
      for (int i = 0; i < x.size(); i++) {
        if (!same(x.get(i), y.get(i))) return false;
      }
      return true;
    }
    if (a instanceof Number x && b instanceof Number y) {
      try {
        return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
      } catch (NumberFormatException e) {
        return x.toString().equals(y.toString());
      }
    }
    return Objects.equals(a, b);
  }
}
