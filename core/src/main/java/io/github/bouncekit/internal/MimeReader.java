package io.github.bouncekit.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;

/**
 * Reads one e-mail message with Apache Mime4j's streaming parser into its top-level headers and
 * its leaf parts as decoded text. Lenient: CR-only line ends are turned into LF, missing or
 * mismatched boundaries end a part where the data ends, unknown charsets fall back to UTF-8 or
 * ISO-8859-1. Bounded: at most {@code maxBytes} of the message and {@link #MAX_PART_CHARS}
 * characters of each part are read, and at most {@link #MAX_PARTS} parts.
 */
public final class MimeReader {
  /** The most characters kept of one part's text. */
  public static final int MAX_PART_CHARS = 256 * 1024;
  /** The most parts read. */
  public static final int MAX_PARTS = 64;

  /**
   * One leaf part.
   *
   * @param mimeType lower case, such as {@code text/plain} or {@code message/delivery-status}
   * @param text the decoded text (transfer encoding and charset undone), capped
   * @param depth 0 for a single-part message's body, 1 for a top-level part, and so on
   */
  public record Part(String mimeType, String text, int depth) {}

  /**
   * A read message.
   *
   * @param headers top-level header fields, lower-case name to unfolded, decoded values in order
   * @param contentType the top-level content type with its parameters, lower case
   * @param parts leaf parts in order
   * @param truncated true when the size cap cut the message
   * @param notes problems met
   */
  public record Message(
      Map<String, List<String>> headers,
      String contentType,
      List<Part> parts,
      boolean truncated,
      List<String> notes) {

    /** The first value of a header, or "". */
    public String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null || v.isEmpty() ? "" : v.get(0);
    }
  }

  private MimeReader() {}

  /**
   * Reads a message.
   *
   * @param in the raw message; read up to {@code maxBytes}
   * @param maxBytes the size cap
   * @return the message
   * @throws IOException when reading the stream fails
   */
  public static Message read(InputStream in, int maxBytes) throws IOException {
    byte[] raw = in.readNBytes(maxBytes);
    boolean truncated = raw.length == maxBytes && in.read() >= 0;
    return read(raw, truncated);
  }

  /**
   * Reads a message from bytes.
   *
   * @param raw the raw message
   * @param truncated whether the caller cut it
   * @return the message
   */
  public static Message read(byte[] raw, boolean truncated) {
    byte[] data = indentParameterLines(skipPostmark(skipBlankLead(fixLineEnds(raw))));
    // Lenient (no line, header or content limits: the caller's cap bounds the input), and a line
    // that is no header field ends the header instead of failing the message.
    MimeConfig config =
        MimeConfig.copy(MimeConfig.PERMISSIVE)
            .setMaxContentLen(-1)
            .setMalformedHeaderStartsBody(true)
            .build();
    MimeTokenStream stream = new MimeTokenStream(config, DecodeMonitor.SILENT, null);
    stream.setRecursionMode(RecursionMode.M_NO_RECURSE);
    stream.parse(new ByteArrayInputStream(data));
    Map<String, List<String>> headers = new LinkedHashMap<>();
    List<Part> parts = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    String contentType = "text/plain";
    boolean topHeader = true;
    int depth = 0;
    try {
      for (EntityState state = stream.getState();
          state != EntityState.T_END_OF_STREAM;
          state = stream.next()) {
        switch (state) {
          case T_FIELD:
            if (topHeader) {
              Field f = stream.getField();
              headers
                  .computeIfAbsent(f.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                  .add(decodeHeader(f.getBody()));
            }
            break;
          case T_END_HEADER:
            if (topHeader) {
              topHeader = false;
              List<String> ct = headers.get("content-type");
              if (ct != null && !ct.isEmpty()) {
                String v = ct.get(0).toLowerCase(Locale.ROOT).trim();
                int semi = v.indexOf(';');
                contentType = semi < 0 ? v : v.substring(0, semi).trim();
              }
            }
            break;
          case T_START_MULTIPART:
            depth++;
            break;
          case T_END_MULTIPART:
            depth--;
            break;
          case T_BODY:
            if (parts.size() < MAX_PARTS) {
              BodyDescriptor bd = stream.getBodyDescriptor();
              String type = bd.getMimeType() == null ? "text/plain" : bareType(bd.getMimeType());
              if (type.startsWith("text/") || type.startsWith("message/")) {
                byte[] body = readCapped(stream.getDecodedInputStream(), MAX_PART_CHARS * 4);
                if (body.length == 0 && type.startsWith("message/")) {
                  body = readCapped(stream.getInputStream(), MAX_PART_CHARS * 4);
                }
                parts.add(new Part(type, decode(body, bd.getCharset()), depth));
              } else {
                parts.add(new Part(type, "", depth));
              }
            }
            break;
          default:
            break;
        }
      }
    } catch (MimeException | IOException | RuntimeException e) {
      notes.add(
          "the MIME structure is damaged ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + "): read what came before");
    }
    if (parts.isEmpty() && contentType.startsWith("multipart/")) {
      // A multipart type without a usable boundary (no boundary parameter, or one that never
      // occurs): Mime4j yields no part. Read the body as one text part so the text can be parsed.
      int body = bodyStart(data);
      if (body >= 0 && body < data.length) {
        int end = Math.min(data.length, body + MAX_PART_CHARS * 4);
        parts.add(new Part("text/plain", decode(java.util.Arrays.copyOfRange(data, body, end), null), 0));
        notes.add("a multipart message whose parts could not be found: its body was read as one text part");
      }
    }
    return new Message(headers, contentType, parts, truncated, notes);
  }

  // "text/plain charset=..." (X1: the semicolon forgotten) is text/plain: the type ends at white
  // space.
  private static String bareType(String t) {
    String v = t.trim().toLowerCase(Locale.ROOT);
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (Character.isWhitespace(c) || c == ';') {
        return v.substring(0, i);
      }
    }
    return v.isEmpty() ? "text/plain" : v;
  }

  // Blank lines (or lines of spaces) before the header, left by a tool that saved the message:
  // skipped when a header field follows them, else the whole message would read as a body.
  static byte[] skipBlankLead(byte[] data) {
    int i = 0;
    int lineStart = 0;
    while (i < data.length
        && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n')) {
      if (data[i] == '\n') {
        lineStart = i + 1;
      }
      i++;
    }
    if (lineStart == 0) {
      return data;
    }
    int k = lineStart;
    while (k < data.length && k - lineStart < 80 && data[k] > ' ' && data[k] < 0x7f
        && data[k] != ':') {
      k++;
    }
    boolean field = k > lineStart && k < data.length && data[k] == ':';
    boolean postmark = data.length - lineStart > 5 && data[lineStart] == 'F'
        && data[lineStart + 1] == 'r' && data[lineStart + 2] == 'o' && data[lineStart + 3] == 'm'
        && data[lineStart + 4] == ' ';
    return field || postmark ? java.util.Arrays.copyOfRange(data, lineStart, data.length) : data;
  }

  // An mbox "From " postmark line before the headers ("From MAILER-DAEMON Fri Apr 29 ..."): taken
  // off, else the parser takes it for the start of the body and finds no header at all.
  static byte[] skipPostmark(byte[] data) {
    if (data.length < 6 || data[0] != 'F' || data[1] != 'r' || data[2] != 'o' || data[3] != 'm' || data[4] != ' ') {
      return data;
    }
    for (int i = 5; i < data.length; i++) {
      if (data[i] == '\n') {
        return java.util.Arrays.copyOfRange(data, i + 1, data.length);
      }
    }
    return data;
  }

  // The index after the blank line that ends the top-level header, or -1.
  private static int bodyStart(byte[] data) {
    for (int i = 0; i + 1 < data.length; i++) {
      if (data[i] == '\n') {
        if (data[i + 1] == '\n') {
          return i + 2;
        }
        if (data[i + 1] == '\r' && i + 2 < data.length && data[i + 2] == '\n') {
          return i + 3;
        }
      }
    }
    return -1;
  }

  // Reads up to cap bytes into an array that grows from a small start (a part is usually a few
  // hundred bytes: InputStream.readNBytes and transferTo would allocate 8 KiB buffers for each).
  private static byte[] readCapped(InputStream in, int cap) throws IOException {
    byte[] b = new byte[Math.min(cap, 1024)];
    int n = 0;
    while (true) {
      if (n == b.length) {
        if (n >= cap) {
          break;
        }
        b = java.util.Arrays.copyOf(b, (int) Math.min(cap, 2L * n));
      }
      int r = in.read(b, n, b.length - n);
      if (r < 0) {
        return n == b.length ? b : java.util.Arrays.copyOf(b, n);
      }
      n += r;
    }
    // Skip the rest so the parser can go on to the next part.
    byte[] skip = new byte[4096];
    while (in.read(skip) >= 0) {
      // discard
    }
    return b;
  }

  // A Content-Type field whose parameters go on in a line without the folding white space
  // ("Content-Type: multipart/report; report-type=feedback-report;" then "boundary=..." at the
  // start of the next line): that line is indented, so it continues the field instead of ending
  // the header (and the boundary is found). Only a line that starts with a parameter ("name=")
  // right after a Content-Type line that ends with ';' is touched.
  static byte[] indentParameterLines(byte[] data) {
    java.io.ByteArrayOutputStream out = null;
    int copied = 0;
    boolean open = false; // the line before is a Content-Type (or its continuation) ending in ';'
    boolean inContentType = false;
    int i = 0;
    while (i < data.length) {
      int end = i;
      while (end < data.length && data[end] != '\n') {
        end++;
      }
      int last = end;
      while (last > i && (data[last - 1] == '\r' || data[last - 1] == ' ' || data[last - 1] == '\t')) {
        last--;
      }
      boolean folded = i < end && (data[i] == ' ' || data[i] == '\t');
      if (open && !folded && startsWithParameter(data, i, last)) {
        if (out == null) {
          out = new java.io.ByteArrayOutputStream(data.length + 16);
        }
        out.write(data, copied, i - copied);
        out.write('\t');
        copied = i;
        folded = true;
      }
      if (!folded) {
        // a folded line continues the field before it; any other line starts a field (or none)
        inContentType = startsWithIgnoreCase(data, i, last, "content-type:");
      }
      open = inContentType && last > i && data[last - 1] == ';';
      i = end + 1;
    }
    if (out == null) {
      return data;
    }
    out.write(data, copied, data.length - copied);
    return out.toByteArray();
  }

  // "name=" at the start of the line: a token of letters, digits and '-', then '='.
  private static boolean startsWithParameter(byte[] d, int from, int end) {
    int k = from;
    while (k < end && (d[k] >= 'a' && d[k] <= 'z' || d[k] >= 'A' && d[k] <= 'Z' || d[k] >= '0' && d[k] <= '9' || d[k] == '-')) {
      k++;
    }
    return k > from && k < end && d[k] == '=';
  }

  private static boolean startsWithIgnoreCase(byte[] d, int from, int end, String prefix) {
    if (end - from < prefix.length()) {
      return false;
    }
    for (int k = 0; k < prefix.length(); k++) {
      int c = d[from + k];
      if (c >= 'A' && c <= 'Z') {
        c += 32;
      }
      if (c != prefix.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  // Lone CRs (CR-only files, damaged files) become LF, which Mime4j reads as a line end.
  static byte[] fixLineEnds(byte[] raw) {
    int lone = 0;
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '\r' && (i + 1 == raw.length || raw[i + 1] != '\n')) {
        lone++;
      }
    }
    if (lone == 0) {
      return raw;
    }
    byte[] out = raw.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] == '\r' && (i + 1 == out.length || out[i + 1] != '\n')) {
        out[i] = '\n';
      }
    }
    return out;
  }

  /** Unfolds a header value and decodes RFC 2047 encoded words. */
  public static String decodeHeader(String value) {
    String unfolded = value.replace("\r\n", "\n").replace("\n", " ").replace('\t', ' ').trim();
    try {
      if (unfolded.contains("=?")) {
        return DecoderUtil.decodeEncodedWords(unfolded, DecodeMonitor.SILENT);
      }
      if (hasHighBytes(unfolded) && isByteString(unfolded)) {
        // Raw 8-bit header bytes read as ISO-8859-1: decode them (UTF-8 when valid).
        return decode(unfolded.getBytes(StandardCharsets.ISO_8859_1), null);
      }
      return unfolded;
    } catch (RuntimeException e) {
      return unfolded;
    }
  }

  // True when every char fits a byte: the string may hold raw bytes; a string with a char above
  // U+00FF was decoded already (a header read from a decoded text part) and is left alone.
  private static boolean isByteString(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0xff) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasHighBytes(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80 || s.charAt(i) == 0x1b) {
        return true;
      }
    }
    return false;
  }

  private static final java.util.concurrent.ConcurrentHashMap<String, Optional<Charset>> CHARSETS =
      new java.util.concurrent.ConcurrentHashMap<>();

  // Charset look-up is slow in the JDK for the extended charsets: remember the answers (bounded:
  // at most 256 names are remembered).
  private static Charset charset(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    Optional<Charset> c = CHARSETS.get(key);
    if (c == null) {
      try {
        c = Charset.isSupported(name) ? Optional.of(Charset.forName(name)) : Optional.empty();
      } catch (RuntimeException e) {
        c = Optional.empty();
      }
      if (CHARSETS.size() < 256) {
        CHARSETS.put(key, c);
      }
    }
    return c.orElse(null);
  }

  /**
   * Decodes text bytes: with the declared charset when the JDK knows it; ISO-2022-JP when the
   * bytes carry its escape sequences; else UTF-8 when valid, else ISO-8859-1.
   */
  public static String decode(byte[] bytes, String declared) {
    if (declared != null) {
      try {
        String name = declared.trim().replace("\"", "");
        if (name.equalsIgnoreCase("x-sjis") || name.equalsIgnoreCase("shift-jis")) {
          name = "Shift_JIS";
        }
        Charset cs = charset(name);
        if (cs != null && !cs.equals(StandardCharsets.US_ASCII)) {
          return new String(bytes, cs);
        }
      } catch (RuntimeException e) {
        // an illegal charset name: fall through to detection
      }
    }
    for (int i = 0; i + 2 < bytes.length; i++) {
      if (bytes[i] == 0x1b && bytes[i + 1] == '$' && (bytes[i + 2] == 'B' || bytes[i + 2] == '@')) {
        return new String(bytes, Charset.forName("ISO-2022-JP"));
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }
}
