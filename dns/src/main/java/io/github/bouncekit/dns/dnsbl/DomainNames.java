package io.github.bouncekit.dns.dnsbl;

import java.util.Optional;

/** Domain-name checks for query names (RFC 1035 lengths). */
final class DomainNames {
  /** The longest domain name in text form without the trailing dot. */
  static final int MAX_NAME_LENGTH = 253;

  /** The longest label. */
  static final int MAX_LABEL_LENGTH = 63;

  private DomainNames() {}

  /**
   * Why a lower-case name without the trailing dot cannot be queried: empty, too long, an empty or
   * too long label, or a character other than a letter, digit, dash or underscore.
   */
  static Optional<String> problem(String name) {
    if (name.isEmpty()) {
      return Optional.of("empty domain name");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      return Optional.of("longer than " + MAX_NAME_LENGTH + " characters");
    }
    int start = 0;
    for (int i = 0; i <= name.length(); i++) {
      if (i == name.length() || name.charAt(i) == '.') {
        int len = i - start;
        if (len == 0) {
          return Optional.of("empty label");
        }
        if (len > MAX_LABEL_LENGTH) {
          return Optional.of("a label longer than " + MAX_LABEL_LENGTH + " characters");
        }
        start = i + 1;
        continue;
      }
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
        return Optional.of("character '" + printable(c) + "' is not allowed in a domain name");
      }
    }
    return Optional.empty();
  }

  private static String printable(char c) {
    return c < 0x20 || c == 0x7F ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }
}
