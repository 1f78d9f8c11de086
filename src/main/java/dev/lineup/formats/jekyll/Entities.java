package dev.lineup.formats.jekyll;

import java.util.HashMap;
import java.util.Map;

/**
 * Decodes HTML character references in names and titles ("Husz&aacute;r", "&#233;"), also the
 * legacy form without the final semicolon that browsers accept ("Husz&aacuter").
 */
final class Entities {

  /** Latin-1 names in code point order from U+00A0: the ones HTML allows without ';'. */
  private static final String[] LATIN1 = ("nbsp iexcl cent pound curren yen brvbar sect uml copy"
      + " ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm"
      + " raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil"
      + " Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde"
      + " Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde"
      + " auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde"
      + " ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml")
      .split(" ");

  private static final Map<String, Integer> LEGACY = new HashMap<>();
  private static final Map<String, Integer> NAMED = new HashMap<>();
  private static final int LONGEST_LEGACY = 6;

  static {
    for (int i = 0; i < LATIN1.length; i++) LEGACY.put(LATIN1[i], 0xA0 + i);
    LEGACY.put("amp", (int) '&');
    LEGACY.put("lt", (int) '<');
    LEGACY.put("gt", (int) '>');
    LEGACY.put("quot", (int) '"');
    NAMED.putAll(LEGACY);
    Object[] more = {"apos", 39, "OElig", 338, "oelig", 339, "Scaron", 352, "scaron", 353,
        "Yuml", 376, "ndash", 8211, "mdash", 8212, "lsquo", 8216, "rsquo", 8217, "ldquo", 8220,
        "rdquo", 8221, "hellip", 8230, "euro", 8364, "bull", 8226, "trade", 8482,
        "Cacute", 262, "cacute", 263, "Ccaron", 268, "ccaron", 269, "Dcaron", 270, "dcaron", 271,
        "Ecaron", 282, "ecaron", 283, "Eogon", 280, "eogon", 281, "Aogon", 260, "aogon", 261,
        "Gbreve", 286, "gbreve", 287, "imath", 305, "Lstrok", 321, "lstrok", 322,
        "Nacute", 323, "nacute", 324, "Ncaron", 327, "ncaron", 328, "Odblac", 336, "odblac", 337,
        "Rcaron", 344, "rcaron", 345, "Sacute", 346, "sacute", 347, "Scedil", 350, "scedil", 351,
        "Tcaron", 356, "tcaron", 357, "Uring", 366, "uring", 367, "Udblac", 368, "udblac", 369,
        "Zacute", 377, "zacute", 378, "Zdot", 379, "zdot", 380, "Zcaron", 381, "zcaron", 382};
    for (int i = 0; i < more.length; i += 2) NAMED.put((String) more[i], (Integer) more[i + 1]);
  }

  private Entities() {
  }

  static String decode(String text) {
    if (text == null || text.indexOf('&') < 0) return text;
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '&') {
        int consumed = reference(text, i + 1, out);
        if (consumed > 0) {
          i += 1 + consumed;
          continue;
        }
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  /** Appends the character of a reference starting after '&'; returns its length, 0 if none. */
  private static int reference(String text, int from, StringBuilder out) {
    if (from < text.length() && text.charAt(from) == '#') return numeric(text, from + 1, out);
    int end = from;
    while (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) end++;
    String name = text.substring(from, end);
    if (end < text.length() && text.charAt(end) == ';' && NAMED.containsKey(name)) {
      out.appendCodePoint(NAMED.get(name));
      return name.length() + 1;
    }
    for (int len = Math.min(LONGEST_LEGACY, name.length()); len >= 2; len--) {
      Integer cp = LEGACY.get(name.substring(0, len));
      if (cp != null) {
        out.appendCodePoint(cp);
        return len;
      }
    }
    return 0;
  }

  private static int numeric(String text, int from, StringBuilder out) {
    boolean hex = from < text.length() && (text.charAt(from) == 'x' || text.charAt(from) == 'X');
    int digitsFrom = hex ? from + 1 : from;
    int end = digitsFrom;
    while (end < text.length() && end - digitsFrom < 7
        && Character.digit(text.charAt(end), hex ? 16 : 10) >= 0) {
      end++;
    }
    if (end == digitsFrom) return 0;
    int cp = Integer.parseInt(text.substring(digitsFrom, end), hex ? 16 : 10);
    if (cp == 0 || cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    out.appendCodePoint(cp);
    boolean semicolon = end < text.length() && text.charAt(end) == ';';
    return end - from + 1 + (semicolon ? 1 : 0);
  }
}
