package io.github.bouncekit.dns;

import java.util.List;

/**
 * One TXT record: its character-strings (each at most 255 bytes on the wire), in order.
 *
 * @param strings the character-strings
 */
public record TxtRecord(List<String> strings) {
  /** Copies the strings. */
  public TxtRecord {
    strings = List.copyOf(strings);
  }

  /** A record of one string. */
  public static TxtRecord of(String... strings) {
    return new TxtRecord(List.of(strings));
  }

  /** The strings joined without separators, as SPF and DKIM read a record (RFC 7208 §3.3). */
  public String text() {
    return strings.size() == 1 ? strings.get(0) : String.join("", strings);
  }

  @Override
  public String toString() {
    return text();
  }
}
