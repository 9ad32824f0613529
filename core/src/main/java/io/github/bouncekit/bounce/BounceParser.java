package io.github.bouncekit.bounce;

import io.github.bouncekit.BounceClassifier;
import io.github.bouncekit.internal.BounceReader;
import io.github.bouncekit.internal.MimeReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Reads bounce e-mails — RFC 3464 delivery status notifications, the free-text bounces of
 * Postfix, Sendmail, Exim, qmail, Courier, Exchange, Gmail, Yahoo and others, delay warnings,
 * RFC 5965 feedback reports and auto-replies — into one {@link BounceReport} per message, with a
 * record and a diagnosis per recipient.
 *
 * <pre>{@code
 * BounceParser parser = BounceParser.defaults(); // build once, share between threads
 * BounceReport report = parser.parse(Path.of("bounce.eml"));
 * for (RecipientRecord r : report.recipients()) {
 *   r.recipient(); r.status(); r.diagnosis().action();
 * }
 * }</pre>
 *
 * <p>MIME is read with Apache Mime4j's streaming parser; CRLF, LF and CR-only line ends, base64
 * and quoted-printable parts, RFC 2047 encoded words and the common Asian charsets are handled;
 * missing or broken boundaries end a part where the data ends. At most {@link
 * Builder#maxMessageBytes(int)} bytes of a message are read (default {@value #DEFAULT_MAX_BYTES}
 * bytes): the rest of a huge message is skipped and the report says {@code truncated}, so a large
 * attachment never fills the heap. A message that cannot be understood gives a report of kind
 * {@link BounceKind#NOT_BOUNCE} or no recipients, with notes; reading never throws for bad
 * content. Immutable and thread-safe.
 */
public final class BounceParser {
  /** The default cap on the bytes read of one message: 4 MiB. */
  public static final int DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

  private final BounceReader reader;
  private final int maxBytes;

  private BounceParser(Builder b) {
    this.reader = new BounceReader(b.classifier);
    this.maxBytes = b.maxBytes;
  }

  private static final class Defaults {
    static final BounceParser INSTANCE = builder().build();
  }

  /** A parser with the default classifier and size cap. */
  public static BounceParser defaults() {
    return Defaults.INSTANCE;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads one message.
   *
   * @param message the raw message
   * @return the report
   */
  public BounceReport parse(byte[] message) {
    Objects.requireNonNull(message, "message must not be null");
    boolean truncated = message.length > maxBytes;
    byte[] data = truncated ? java.util.Arrays.copyOf(message, maxBytes) : message;
    return reader.read(MimeReader.read(data, truncated));
  }

  /**
   * Reads one message from a stream (not closed; read up to the size cap).
   *
   * @param message the raw message
   * @return the report
   * @throws IOException when reading the stream fails
   */
  public BounceReport parse(InputStream message) throws IOException {
    Objects.requireNonNull(message, "message must not be null");
    return reader.read(MimeReader.read(message, maxBytes));
  }

  /**
   * Reads one message file.
   *
   * @param file the file
   * @return the report
   * @throws IOException when the file cannot be read
   */
  public BounceReport parse(Path file) throws IOException {
    Objects.requireNonNull(file, "file must not be null");
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in);
    }
  }

  /**
   * Reads an mbox stream: messages separated by lines starting {@code "From "} (mboxo / mboxrd;
   * {@code ">From "} quoting is undone).
   *
   * @param in the stream (not closed)
   * @return one report per message, in order
   * @throws IOException when reading fails
   */
  public List<BounceReport> parseMbox(InputStream in) throws IOException {
    java.io.PushbackInputStream mbox =
        new java.io.PushbackInputStream(new java.io.BufferedInputStream(in, 64 * 1024), 1);
    List<BounceReport> out = new ArrayList<>();
    ByteArrayOutputStream current = null;
    boolean skipping = false;
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    boolean atStart = true;
    while (true) {
      c = mbox.read();
      if (c == '\r') {
        // CR-only files: a lone CR ends the line like LF.
        int d = mbox.read();
        if (d != '\n' && d >= 0) {
          mbox.unread(d);
        }
        line.write('\r');
        if (d == '\n') {
          line.write('\n');
        }
        c = '\n';
      } else if (c >= 0) {
        line.write(c);
      }
      if (c == '\n' || c < 0) {
        byte[] l = line.toByteArray();
        line.reset();
        if (l.length >= 5 && l[0] == 'F' && l[1] == 'r' && l[2] == 'o' && l[3] == 'm' && l[4] == ' '
            && atStart) {
          if (current != null) {
            out.add(parse(current.toByteArray(), skipping));
          }
          current = new ByteArrayOutputStream();
          skipping = false;
        } else if (current != null) {
          if (current.size() + l.length > maxBytes) {
            skipping = true;
          } else {
            int start = l.length > 5 && l[0] == '>' && unquote(l) ? 1 : 0;
            current.write(l, start, l.length - start);
          }
        }
        atStart = true;
        if (c < 0) {
          break;
        }
      }
    }
    if (current != null) {
      out.add(parse(current.toByteArray(), skipping));
    }
    return out;
  }

  private static boolean unquote(byte[] l) {
    int i = 0;
    while (i < l.length && l[i] == '>') {
      i++;
    }
    return l.length >= i + 5 && l[i] == 'F' && l[i + 1] == 'r' && l[i + 2] == 'o' && l[i + 3] == 'm'
        && l[i + 4] == ' ';
  }

  private BounceReport parse(byte[] data, boolean truncated) {
    return reader.read(MimeReader.read(data, truncated));
  }

  /**
   * Reads a Maildir folder ({@code cur/} and {@code new/}, or the message files directly in it),
   * in file-name order.
   *
   * @param folder the Maildir
   * @return one report per message file
   * @throws IOException when the folder cannot be listed or a file read
   */
  public List<BounceReport> parseMaildir(Path folder) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String sub : new String[] {"cur", "new"}) {
      Path d = folder.resolve(sub);
      if (Files.isDirectory(d)) {
        try (Stream<Path> s = Files.list(d)) {
          s.filter(Files::isRegularFile).forEach(files::add);
        }
      }
    }
    if (files.isEmpty()) {
      try (Stream<Path> s = Files.list(folder)) {
        s.filter(Files::isRegularFile).forEach(files::add);
      }
    }
    files.sort(null);
    List<BounceReport> out = new ArrayList<>();
    for (Path f : files) {
      out.add(parse(f));
    }
    return out;
  }

  /** Builds a {@link BounceParser}. */
  public static final class Builder {
    private BounceClassifier classifier = BounceClassifier.defaults();
    private int maxBytes = DEFAULT_MAX_BYTES;

    private Builder() {}

    /** The classifier that diagnoses each recipient's reply (default: the shipped tables). */
    public Builder classifier(BounceClassifier c) {
      classifier = Objects.requireNonNull(c, "classifier must not be null");
      return this;
    }

    /** The most bytes of one message read (default 4 MiB; at least 64 KiB). */
    public Builder maxMessageBytes(int bytes) {
      if (bytes < 64 * 1024) {
        throw new IllegalArgumentException("maxMessageBytes must be at least 65536, was " + bytes);
      }
      maxBytes = bytes;
      return this;
    }

    /** The parser. */
    public BounceParser build() {
      return new BounceParser(this);
    }
  }
}
