package io.github.bouncekit.dns.dmarc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The Public Suffix List (https://publicsuffix.org/) and its algorithm: the public suffix and the
 * registrable domain of a name. {@link DmarcCheck} uses it in {@link DmarcMode#RFC7489} mode, where
 * the Organizational Domain is the registrable domain (RFC 7489 §3.2).
 *
 * <pre>{@code
 * PublicSuffixList psl = PublicSuffixList.bundled();
 * psl.registrableDomain("mail.example.co.uk"); // Optional[example.co.uk]
 * psl.registrableDomain("co.uk");              // Optional.empty: a public suffix
 * psl.registrableDomain("a.b.example");        // Optional[b.example]: the default rule "*"
 * }</pre>
 *
 * <p>The algorithm: normal rules, wildcard rules ({@code *.ck}), exception rules ({@code !www.ck})
 * which win, and the default rule {@code *} when nothing matches. Names are compared in lower case
 * and in their ASCII (Punycode) form, so {@code 食狮.公司.cn} and {@code xn--85x722f.xn--55qx5d.cn}
 * give the same answer, each in its own form. A name with an empty label (a leading dot, two dots)
 * has no registrable domain. A look-up hashes each suffix of the name once per rule kind, with no
 * backtracking; names are at most {@link #MAX_NAME_LENGTH} characters (longer names have no
 * registrable domain), so a look-up is bounded.
 *
 * <p>{@link #bundled()} is a dated copy (see {@code PUBLIC_SUFFIX_LIST.md} beside it in the jar);
 * {@link #load(Path)} and {@link #parse(Reader)} read a current one. Instances are immutable and
 * thread-safe.
 */
public final class PublicSuffixList {

  /** The longest name looked up, in characters (a domain name's text form is at most 253). */
  public static final int MAX_NAME_LENGTH = 253;

  /** The longest list file read, in characters. */
  public static final int MAX_LIST_LENGTH = 16 * 1024 * 1024;

  private static final String BUNDLED = "public_suffix_list.dat";

  private final Set<String> rules;
  private final Set<String> wildcards;
  private final Set<String> exceptions;

  private PublicSuffixList(Set<String> rules, Set<String> wildcards, Set<String> exceptions) {
    this.rules = Set.copyOf(rules);
    this.wildcards = Set.copyOf(wildcards);
    this.exceptions = Set.copyOf(exceptions);
  }

  /** The copy shipped in this jar (dated 2023-02-09; see {@code PUBLIC_SUFFIX_LIST.md}). */
  public static PublicSuffixList bundled() {
    return Bundled.LIST;
  }

  /**
   * Reads a list file ({@code public_suffix_list.dat} format, UTF-8).
   *
   * @param file the file
   * @return the list
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if it is longer than {@link #MAX_LIST_LENGTH} characters or
   *     holds no rule
   */
  public static PublicSuffixList load(Path file) throws IOException {
    Objects.requireNonNull(file, "file must not be null");
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(r);
    }
  }

  /**
   * Reads a list in the {@code public_suffix_list.dat} format: one rule per line, up to the first
   * white space; {@code //} comments and blank lines skipped.
   *
   * @param reader the list text
   * @return the list
   * @throws IOException if reading fails
   * @throws IllegalArgumentException if the text is longer than {@link #MAX_LIST_LENGTH}
   *     characters or holds no rule
   */
  public static PublicSuffixList parse(Reader reader) throws IOException {
    Objects.requireNonNull(reader, "reader must not be null");
    Set<String> rules = new HashSet<>();
    Set<String> wildcards = new HashSet<>();
    Set<String> exceptions = new HashSet<>();
    BufferedReader in = new BufferedReader(reader);
    long read = 0;
    String line;
    while ((line = in.readLine()) != null) {
      read += line.length() + 1;
      if (read > MAX_LIST_LENGTH) {
        throw new IllegalArgumentException(
            "public suffix list longer than " + MAX_LIST_LENGTH + " characters");
      }
      String rule = firstWord(line);
      if (rule.isEmpty() || rule.startsWith("//")) {
        continue;
      }
      if (rule.startsWith("!")) {
        ascii(rule.substring(1)).ifPresent(exceptions::add);
      } else if (rule.startsWith("*.")) {
        ascii(rule.substring(2)).ifPresent(wildcards::add);
      } else if (!rule.equals("*")) {
        ascii(rule).ifPresent(rules::add);
      }
    }
    if (rules.isEmpty() && wildcards.isEmpty()) {
      throw new IllegalArgumentException("the public suffix list holds no rule");
    }
    return new PublicSuffixList(rules, wildcards, exceptions);
  }

  /** The number of rules (normal, wildcard and exception). */
  public int size() {
    return rules.size() + wildcards.size() + exceptions.size();
  }

  /**
   * The registrable domain of a name: its public suffix and one more label, in lower case and in
   * the form the name was given (Unicode or Punycode), without a trailing dot.
   *
   * @param name a domain name, with or without a trailing dot
   * @return the registrable domain; empty when the name is a public suffix itself, malformed or too
   *     long
   */
  public Optional<String> registrableDomain(String name) {
    Objects.requireNonNull(name, "name must not be null");
    String[] labels = labels(name);
    if (labels.length == 0) {
      return Optional.empty();
    }
    String[] ascii = asciiLabels(labels);
    if (ascii.length == 0) {
      return Optional.empty();
    }
    int suffixLabels = suffixLabels(ascii);
    if (suffixLabels >= labels.length) {
      return Optional.empty();
    }
    return Optional.of(join(labels, labels.length - suffixLabels - 1));
  }

  /**
   * The public suffix of a name (by the default rule {@code *}, at least its last label).
   *
   * @param name a domain name, with or without a trailing dot
   * @return the public suffix in lower case; empty when the name is malformed or too long
   */
  public Optional<String> publicSuffix(String name) {
    Objects.requireNonNull(name, "name must not be null");
    String[] labels = labels(name);
    if (labels.length == 0) {
      return Optional.empty();
    }
    String[] ascii = asciiLabels(labels);
    if (ascii.length == 0) {
      return Optional.empty();
    }
    int n = Math.min(suffixLabels(ascii), labels.length);
    return Optional.of(join(labels, labels.length - n));
  }

  /** The number of labels of the public suffix of the (ASCII, lower-case) labels. */
  private int suffixLabels(String[] ascii) {
    int n = ascii.length;
    // suffixes[i] = labels i..n-1 joined; built from the right, each one extends the previous.
    String[] suffixes = new String[n + 1];
    suffixes[n] = "";
    for (int i = n - 1; i >= 0; i--) {
      suffixes[i] = i == n - 1 ? ascii[i] : ascii[i] + "." + suffixes[i + 1];
    }
    // From the longest suffix down: the first rule that matches is the longest one; an exception
    // rule matching a suffix beats the wildcard matching the same suffix.
    for (int i = 0; i < n; i++) {
      String s = suffixes[i];
      if (exceptions.contains(s)) {
        return n - i - 1;
      }
      if (rules.contains(s) || (i + 1 < n && wildcards.contains(suffixes[i + 1]))) {
        return n - i;
      }
    }
    return 1; // the default rule "*"
  }

  private static String[] labels(String name) {
    String s = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    if (s.isEmpty() || s.length() > MAX_NAME_LENGTH) {
      return new String[0];
    }
    String[] labels = s.toLowerCase(Locale.ROOT).split("\\.", -1);
    for (String l : labels) {
      if (l.isEmpty()) {
        return new String[0];
      }
    }
    return labels;
  }

  private static String[] asciiLabels(String[] labels) {
    String[] out = new String[labels.length];
    for (int i = 0; i < labels.length; i++) {
      Optional<String> a = ascii(labels[i]);
      if (a.isEmpty()) {
        return new String[0];
      }
      out[i] = a.get();
    }
    return out;
  }

  /** The ASCII (Punycode) lower-case form of a label or name; empty when IDNA rejects it. */
  private static Optional<String> ascii(String text) {
    boolean plain = true;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        plain = false;
        break;
      }
    }
    if (plain) {
      return Optional.of(text.toLowerCase(Locale.ROOT));
    }
    try {
      return Optional.of(IDN.toASCII(text, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String join(String[] labels, int from) {
    StringBuilder b = new StringBuilder();
    for (int i = from; i < labels.length; i++) {
      if (i > from) {
        b.append('.');
      }
      b.append(labels[i]);
    }
    return b.toString();
  }

  private static String firstWord(String line) {
    int end = 0;
    while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
      end++;
    }
    return line.substring(0, end);
  }

  @Override
  public String toString() {
    return "PublicSuffixList[" + size() + " rules]";
  }

  /** The bundled list, read on first use. */
  private static final class Bundled {
    static final PublicSuffixList LIST = read();

    private static PublicSuffixList read() {
      try (InputStream in = PublicSuffixList.class.getResourceAsStream(BUNDLED)) {
        if (in == null) {
          throw new IllegalStateException(BUNDLED + " is missing from the jar");
        }
        return parse(new InputStreamReader(in, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
