package io.github.bouncekit.dns.dkim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * A message split into header fields and body, octet for octet. Bare LF line ends are made CR LF
 * first (a message saved on Unix); CR LF is the line end everywhere else. The header ends at the
 * first empty line; without one, the whole message is header and the body is absent.
 */
final class MessageParts {

  /**
   * One header field.
   *
   * @param name the name as written, without white space before the colon; empty for a line
   *     without a colon
   * @param lowerName the name in lower case
   * @param raw the whole field, ISO-8859-1, with its folding and final CR LF
   */
  record Field(String name, String lowerName, String raw) {}

  final byte[] bytes;
  final List<Field> fields;
  final int bodyStart;

  private MessageParts(byte[] bytes, List<Field> fields, int bodyStart) {
    this.bytes = bytes;
    this.fields = fields;
    this.bodyStart = bodyStart;
  }

  private Map<String, List<Field>> byName;

  /** The fields by lower-case name, each list top first; built once. */
  synchronized Map<String, List<Field>> fieldsByName() {
    if (byName == null) {
      Map<String, List<Field>> m = new HashMap<>();
      for (Field f : fields) {
        m.computeIfAbsent(f.lowerName(), k -> new ArrayList<>()).add(f);
      }
      byName = m;
    }
    return byName;
  }

  static MessageParts parse(byte[] message) {
    byte[] b = crlf(message);
    List<Field> fields = new ArrayList<>();
    int n = b.length;
    int i = 0;
    int fieldStart = -1;
    int bodyStart = n;
    while (i < n) {
      int eol = i;
      while (eol < n && !(b[eol] == '\r' && eol + 1 < n && b[eol + 1] == '\n')) {
        eol++;
      }
      int next = eol < n ? eol + 2 : n;
      if (eol == i) { // empty line: end of the header
        if (fieldStart >= 0) {
          fields.add(field(b, fieldStart, i));
        }
        fieldStart = -1;
        bodyStart = next;
        break;
      }
      boolean continuation = b[i] == ' ' || b[i] == '\t';
      if (!continuation || fieldStart < 0) {
        if (fieldStart >= 0) {
          fields.add(field(b, fieldStart, i));
        }
        fieldStart = i;
      }
      i = next;
    }
    if (fieldStart >= 0) {
      fields.add(field(b, fieldStart, Math.min(i, n)));
    }
    return new MessageParts(b, List.copyOf(fields), bodyStart);
  }

  private static Field field(byte[] b, int from, int to) {
    String raw = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    int colon = raw.indexOf(':');
    String name = "";
    if (colon > 0) {
      int end = colon;
      while (end > 0 && (raw.charAt(end - 1) == ' ' || raw.charAt(end - 1) == '\t')) {
        end--;
      }
      name = raw.substring(0, end);
    }
    return new Field(name, name.toLowerCase(Locale.ROOT), raw);
  }

  /** The message with every LF that does not follow a CR preceded by one. */
  static byte[] crlf(byte[] m) {
    int bare = 0;
    for (int i = 0; i < m.length; i++) {
      if (m[i] == '\n' && (i == 0 || m[i - 1] != '\r')) {
        bare++;
      }
    }
    if (bare == 0) {
      return m;
    }
    byte[] out = new byte[m.length + bare];
    int o = 0;
    for (int i = 0; i < m.length; i++) {
      if (m[i] == '\n' && (i == 0 || m[i - 1] != '\r')) {
        out[o++] = '\r';
      }
      out[o++] = m[i];
    }
    return out;
  }
}
