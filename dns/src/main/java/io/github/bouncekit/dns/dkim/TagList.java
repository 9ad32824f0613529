package io.github.bouncekit.dns.dkim;

import io.github.bouncekit.dns.ParseResult;
import io.github.bouncekit.dns.SyntaxError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A DKIM tag list (RFC 6376 §3.2): {@code tag=value} pairs separated by semicolons, as used by key
 * records and DKIM-Signature header fields.
 *
 * <pre>{@code
 * TagList tags = TagList.parse("v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
 *     .orElseThrow();
 * tags.value("k");     // Optional["ed25519"]
 * }</pre>
 *
 * <p>The parser is a hand-written scanner, linear in the input. It follows the RFC grammar: a tag
 * name is a letter followed by letters, digits and underscores; a value is made of the printable
 * ASCII characters but {@code ;} (and any non-ASCII character, for internationalised mail),
 * separated by white space, which may include folding (CR LF); white space around names and values
 * is not part of them. A tag name given twice is an error, and so is a tag without {@code =}. Empty
 * parts between semicolons ({@code "a=1;; b=2"}) are tolerated, as widely deployed verifiers do.
 * Inputs longer than {@link #MAX_LENGTH} characters are rejected with an error at that position.
 *
 * @param text the parsed text, as given
 * @param tags the tags in the order written
 */
public record TagList(String text, List<Tag> tags) {

  /** The longest text parsed: 64 Ki characters (a DNS TXT record or a header field is smaller). */
  public static final int MAX_LENGTH = 65_536;

  /** Checks and copies. */
  public TagList {
    Objects.requireNonNull(text, "text must not be null");
    tags = List.copyOf(tags);
  }

  /**
   * One tag.
   *
   * @param name the tag name, case-sensitive ({@code v}, {@code bh})
   * @param value the value without the white space around it (it may contain inner white space)
   * @param position the 0-based index of the name in the parsed text
   * @param valueStart the index of the value's first character in the parsed text (where it would
   *     be, for an empty value)
   * @param valueEnd the index just after the value's last character
   */
  public record Tag(String name, String value, int position, int valueStart, int valueEnd) {
    /** Checks. */
    public Tag {
      Objects.requireNonNull(name, "name must not be null");
      Objects.requireNonNull(value, "value must not be null");
      if (position < 0 || valueStart < position || valueEnd < valueStart) {
        throw new IllegalArgumentException(
            "positions must satisfy 0 <= position <= valueStart <= valueEnd");
      }
    }
  }

  /**
   * Parses a tag list.
   *
   * @param text the text, such as a key record or a DKIM-Signature field's value
   * @return the tags, or the first syntax error
   */
  public static ParseResult<TagList> parse(String text) {
    Objects.requireNonNull(text, "text must not be null");
    if (text.length() > MAX_LENGTH) {
      return error(text, MAX_LENGTH, "longer than " + MAX_LENGTH + " characters");
    }
    List<Tag> tags = new ArrayList<>();
    Map<String, Tag> seen = new LinkedHashMap<>();
    int n = text.length();
    int i = 0;
    while (i <= n) {
      i = skipSpace(text, i);
      if (i >= n) {
        break;
      }
      if (text.charAt(i) == ';') {
        i++;
        continue; // an empty tag-spec
      }
      int nameStart = i;
      if (!isAlpha(text.charAt(i))) {
        return error(text, i, "a tag name must start with a letter, found " + describe(text, i));
      }
      while (i < n && isNameChar(text.charAt(i))) {
        i++;
      }
      String name = text.substring(nameStart, i);
      i = skipSpace(text, i);
      if (i >= n || text.charAt(i) != '=') {
        return error(
            text, i, "expected '=' after tag name '" + name + "', found " + describe(text, i));
      }
      i = skipSpace(text, i + 1);
      int valueStart = i;
      int valueEnd = i;
      while (i < n && text.charAt(i) != ';') {
        char c = text.charAt(i);
        if (isSpace(c)) {
          i++;
          continue;
        }
        if (!isValueChar(c)) {
          return error(
              text, i, "character " + describe(text, i) + " is not allowed in the value of " + name);
        }
        i++;
        valueEnd = i;
      }
      if (seen.containsKey(name)) {
        return error(text, nameStart, "tag '" + name + "' appears twice");
      }
      Tag tag = new Tag(name, text.substring(valueStart, valueEnd), nameStart, valueStart, valueEnd);
      seen.put(name, tag);
      tags.add(tag);
      i++; // past ';' (or past the end)
    }
    return new ParseResult.Valid<>(new TagList(text, tags));
  }

  /**
   * The tag with this name.
   *
   * @param name the tag name (case-sensitive)
   * @return the tag, if present
   */
  public Optional<Tag> tag(String name) {
    Objects.requireNonNull(name, "name must not be null");
    for (Tag t : tags) {
      if (t.name().equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * The value of the tag with this name.
   *
   * @param name the tag name (case-sensitive)
   * @return the value, if the tag is present
   */
  public Optional<String> value(String name) {
    return tag(name).map(Tag::value);
  }

  /** The value with all white space (including folding) removed, as base64 values are read. */
  static String compact(String value) {
    StringBuilder sb = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (isSpace(c)) {
        if (sb == null) {
          sb = new StringBuilder(value.length()).append(value, 0, i);
        }
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? value : sb.toString();
  }

  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && isSpace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isNameChar(char c) {
    return isAlpha(c) || (c >= '0' && c <= '9') || c == '_';
  }

  private static boolean isValueChar(char c) {
    return (c >= 0x21 && c <= 0x7e && c != ';') || c >= 0x80;
  }

  private static String describe(String s, int i) {
    if (i >= s.length()) {
      return "the end";
    }
    char c = s.charAt(i);
    return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }

  private static ParseResult<TagList> error(String text, int position, String message) {
    return new ParseResult.Invalid<>(new SyntaxError(text, position, message));
  }
}
