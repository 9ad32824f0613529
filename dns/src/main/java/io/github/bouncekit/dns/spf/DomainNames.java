package io.github.bouncekit.dns.spf;

import java.util.Locale;
import java.util.Optional;

/** Domain-name checks of RFC 7208 (§4.3, §7.1 {@code toplabel}) and RFC 1035 lengths. */
final class DomainNames {
  /** The longest domain name in text form without the trailing dot (RFC 7208 §7.3). */
  static final int MAX_NAME_LENGTH = 253;

  /** The longest label (RFC 1035). */
  static final int MAX_LABEL_LENGTH = 63;

  private DomainNames() {}

  /**
   * RFC 7208 {@code toplabel}: letters, digits and inner dashes, not all digits unless it holds a
   * dash, not starting or ending with a dash.
   */
  static boolean isToplabel(CharSequence s, int from, int to) {
    if (to <= from) {
      return false;
    }
    boolean alpha = false;
    boolean dash = false;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (isAlpha(c)) {
        alpha = true;
      } else if (c == '-') {
        dash = true;
      } else if (!(c >= '0' && c <= '9')) {
        return false;
      }
    }
    if (s.charAt(from) == '-' || s.charAt(to - 1) == '-') {
      return false;
    }
    return alpha || dash;
  }

  static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** The name without one trailing dot. */
  static String stripDot(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  /** Lower case, without the trailing dot: the form names are compared in. */
  static String canonical(String name) {
    return stripDot(name).toLowerCase(Locale.ROOT);
  }

  /**
   * Why a name (trailing dot already removed) cannot be sent in a DNS query: empty, an empty label,
   * a label longer than 63 characters, longer than 253 characters.
   */
  static Optional<String> queryProblem(String name) {
    if (name.isEmpty()) {
      return Optional.of("empty domain name");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      return Optional.of("domain name longer than " + MAX_NAME_LENGTH + " characters");
    }
    int start = 0;
    for (int i = 0; i <= name.length(); i++) {
      if (i == name.length() || name.charAt(i) == '.') {
        int len = i - start;
        if (len == 0) {
          return Optional.of("empty label in '" + name + "'");
        }
        if (len > MAX_LABEL_LENGTH) {
          return Optional.of(
              "label longer than " + MAX_LABEL_LENGTH + " characters in '" + name + "'");
        }
        start = i + 1;
      }
    }
    return Optional.empty();
  }

  /**
   * Why a domain is not one SPF checks (RFC 7208 §4.3): malformed, a single label, or a domain
   * literal or address in place of a name (its last label is not a {@code toplabel}).
   */
  static Optional<String> checkableProblem(String domain) {
    String name = stripDot(domain);
    Optional<String> problem = queryProblem(name);
    if (problem.isPresent()) {
      return problem;
    }
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      return Optional.of("'" + name + "' is not a fully qualified domain name");
    }
    if (!isToplabel(name, dot + 1, name.length())) {
      return Optional.of("'" + name + "' does not end in a top-level domain name");
    }
    return Optional.empty();
  }

  /** True when {@code name} equals {@code domain} or is a subdomain of it (case-insensitive). */
  static boolean isSameOrSubdomain(String name, String domain) {
    String n = canonical(name);
    String d = canonical(domain);
    return n.equals(d) || n.endsWith("." + d);
  }
}
