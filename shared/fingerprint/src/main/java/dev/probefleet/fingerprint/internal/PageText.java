package dev.probefleet.fingerprint.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A page as a browser shows it, as text: what people paste into bug reports and Q&amp;A threads
 * ("502 Bad Gateway" on one line, "nginx/1.18.0 (Ubuntu)" on the next), so that a rule written
 * against a page's words matches the page whether it arrives as HTML or as that text.
 *
 * <p>Tags are dropped (block-level tags end a line), the contents of {@code script}, {@code style},
 * comments and other markup declarations are dropped, character references are decoded, runs of
 * spaces and tabs become one space, lines are trimmed and empty lines removed. Text without markup
 * comes out with only its whitespace tidied, so rendering rendered text changes nothing.
 *
 * <p>Hostile bodies cannot make it slow: it reads at most {@value #MAX_INPUT} characters, in one
 * pass with no regexes and no backtracking (every search for a closing {@code >}, {@code -->} or
 * {@code </script} remembers where it failed, so an unclosed tag never makes it rescan), and its
 * output is never longer than its input.
 */
public final class PageText {
  /** The most characters of a body rendered; the rest is ignored (error pages are small). */
  public static final int MAX_INPUT = 256 * 1024;

  private static final Set<String> BLOCK =
      Set.of(
          "address",
          "article",
          "aside",
          "blockquote",
          "body",
          "br",
          "center",
          "dd",
          "div",
          "dl",
          "dt",
          "footer",
          "form",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "head",
          "header",
          "hr",
          "html",
          "li",
          "main",
          "nav",
          "ol",
          "p",
          "pre",
          "section",
          "table",
          "td",
          "th",
          "title",
          "tr",
          "ul");

  private static final Set<String> DROPPED = Set.of("script", "style", "template", "noscript");

  private static final Map<String, String> ENTITIES =
      Map.ofEntries(
          Map.entry("amp", "&"),
          Map.entry("lt", "<"),
          Map.entry("gt", ">"),
          Map.entry("quot", "\""),
          Map.entry("apos", "'"),
          Map.entry("nbsp", " "),
          Map.entry("rsquo", "\u2019"),
          Map.entry("lsquo", "\u2018"),
          Map.entry("rdquo", "\u201d"),
          Map.entry("ldquo", "\u201c"),
          Map.entry("ndash", "\u2013"),
          Map.entry("mdash", "\u2014"),
          Map.entry("hellip", "\u2026"),
          Map.entry("middot", "\u00b7"),
          Map.entry("bull", "\u2022"),
          Map.entry("copy", "\u00a9"),
          Map.entry("reg", "\u00ae"),
          Map.entry("trade", "\u2122"));

  private static final int LONGEST_ENTITY = 10;

  private PageText() {}

  /** The text of a page (or of text, tidied). */
  public static String render(String page) {
    String in = page.length() > MAX_INPUT ? page.substring(0, MAX_INPUT) : page;
    Lines out = new Lines(in.length(), hasTag(in));
    int n = in.length();
    int nextGt = -2; // the next '>' at or after the cursor; -1: none left; -2: not looked yet
    int i = 0;
    while (i < n) {
      char c = in.charAt(i);
      if (c == '<' && i + 1 < n && startsMarkup(in.charAt(i + 1))) {
        if (in.startsWith("<!--", i)) {
          int end = in.indexOf("-->", i + 4);
          if (end < 0) {
            break; // an unclosed comment hides the rest of the page from a browser too
          }
          i = end + 3;
          continue;
        }
        if (nextGt == -2 || (nextGt >= 0 && nextGt < i)) {
          nextGt = in.indexOf('>', i);
        }
        if (nextGt < 0) {
          out.text(c); // no '>' anywhere after this: the rest is text
          i++;
          continue;
        }
        String name = tagName(in, i + 1, nextGt);
        int after = nextGt + 1;
        if (BLOCK.contains(name)) {
          out.lineBreak();
        }
        if (DROPPED.contains(name) && in.charAt(i + 1) != '/' && in.charAt(nextGt - 1) != '/') {
          int close = indexOfIgnoreCase(in, "</" + name, after);
          if (close < 0) {
            break;
          }
          int closeEnd = in.indexOf('>', close);
          i = closeEnd < 0 ? n : closeEnd + 1;
          continue;
        }
        i = after;
        continue;
      }
      if (c == '&') {
        int semi = -1;
        for (int j = i + 1; j < n && j <= i + LONGEST_ENTITY + 1; j++) {
          char d = in.charAt(j);
          if (d == ';') {
            semi = j;
            break;
          }
          if (!Character.isLetterOrDigit(d) && d != '#') {
            break;
          }
        }
        String decoded = semi < 0 ? null : decode(in.substring(i + 1, semi));
        if (decoded != null) {
          out.text(decoded);
          i = semi + 1;
          continue;
        }
      }
      out.text(c);
      i++;
    }
    return out.toString();
  }

  /**
   * Whether the text holds at least one tag: then line ends in it are mere spaces, as a browser
   * treats them; in text without markup (a page pasted as text) they separate lines.
   */
  private static boolean hasTag(String in) {
    int lt = -1;
    for (int j = 0; j + 1 < in.length(); j++) {
      char c = in.charAt(j);
      if (c == '<' && lt < 0 && startsMarkup(in.charAt(j + 1))) {
        lt = j;
      } else if (c == '>' && lt >= 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsMarkup(char next) {
    return Character.isLetter(next) || next == '/' || next == '!' || next == '?';
  }

  /** The lower-case name of the tag that starts at {@code from} ("/p" and "p" both give "p"). */
  private static String tagName(String in, int from, int end) {
    int s = from;
    if (s < end && (in.charAt(s) == '/' || in.charAt(s) == '!' || in.charAt(s) == '?')) {
      s++;
    }
    int e = s;
    while (e < end && e - s < 16 && Character.isLetterOrDigit(in.charAt(e))) {
      e++;
    }
    return in.substring(s, e).toLowerCase(Locale.ROOT);
  }

  private static int indexOfIgnoreCase(String in, String what, int from) {
    int last = in.length() - what.length();
    for (int j = from; j <= last; j++) {
      if (in.charAt(j) == '<' && in.regionMatches(true, j, what, 0, what.length())) {
        return j;
      }
    }
    return -1;
  }

  /** A character reference's text, or null when it is not one this renderer knows. */
  private static String decode(String ref) {
    if (ref.startsWith("#")) {
      boolean hex = ref.length() > 1 && (ref.charAt(1) == 'x' || ref.charAt(1) == 'X');
      String digits = ref.substring(hex ? 2 : 1);
      if (digits.isEmpty() || digits.length() > 7) {
        return null;
      }
      int code;
      try {
        code = Integer.parseInt(digits, hex ? 16 : 10);
      } catch (NumberFormatException e) {
        return null;
      }
      if (code == 0 || code > Character.MAX_CODE_POINT || (code >= 0xD800 && code <= 0xDFFF)) {
        return "\uFFFD";
      }
      return code == 0xA0 ? " " : new String(Character.toChars(code));
    }
    return ENTITIES.get(ref);
  }

  /** The output: spaces collapsed, lines trimmed, no empty lines. */
  private static final class Lines {
    private final StringBuilder text;
    private boolean pendingSpace;
    private boolean pendingBreak;
    private final boolean markup;

    Lines(int capacity, boolean markup) {
      text = new StringBuilder(Math.min(capacity, 16 * 1024));
      this.markup = markup;
    }

    void lineBreak() {
      pendingBreak = true;
      pendingSpace = false;
    }

    void text(String s) {
      for (int k = 0; k < s.length(); k++) {
        text(s.charAt(k));
      }
    }

    void text(char c) {
      if (!markup && (c == '\n' || c == '\r' || c == '\f')) {
        lineBreak();
        return;
      }
      if (c == '\n'
          || c == '\r'
          || c == '\f'
          || c == ' '
          || c == '\t'
          || c == '\u00a0'
          || c == '\u000b') {
        if (!pendingBreak) {
          pendingSpace = true;
        }
        return;
      }
      if (!text.isEmpty()) {
        if (pendingBreak) {
          text.append('\n');
        } else if (pendingSpace) {
          text.append(' ');
        }
      }
      pendingBreak = false;
      pendingSpace = false;
      text.append(c);
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }
}
