package io.github.bouncekit.status;

import java.util.Objects;
import java.util.Optional;

/**
 * An enhanced mail system status code, {@code class.subject.detail} (RFC 3463), such as {@code
 * 5.7.26}.
 *
 * <p>Syntax (RFC 3463 §2): the class is 2, 4 or 5; subject and detail are numbers from 0 to 999
 * written without leading zeros. Codes that are well formed but not in the IANA registry (for
 * example Microsoft's {@code 5.7.606} or {@code 4.7.650}) are valid values; {@link #registration()}
 * tells whether a code is registered.
 *
 * @param statusClass the class: success, transient or permanent failure
 * @param subject the subject number, 0 to 999 (see {@link #subjectMeaning()})
 * @param detail the detail number, 0 to 999
 */
public record EnhancedStatusCode(StatusClass statusClass, int subject, int detail)
    implements Comparable<EnhancedStatusCode> {

  /** The largest subject or detail number the syntax allows. */
  public static final int MAX_NUMBER = 999;

  /** Checks the parts. */
  public EnhancedStatusCode {
    Objects.requireNonNull(statusClass, "statusClass must not be null");
    if (subject < 0 || subject > MAX_NUMBER) {
      throw new IllegalArgumentException(
          "subject must be between 0 and " + MAX_NUMBER + ", was " + subject);
    }
    if (detail < 0 || detail > MAX_NUMBER) {
      throw new IllegalArgumentException(
          "detail must be between 0 and " + MAX_NUMBER + ", was " + detail);
    }
  }

  /**
   * Creates a code from its three numbers.
   *
   * @param statusClass 2, 4 or 5
   * @param subject 0 to 999
   * @param detail 0 to 999
   * @return the code
   * @throws IllegalArgumentException when a number is out of range
   */
  public static EnhancedStatusCode of(int statusClass, int subject, int detail) {
    StatusClass cls =
        StatusClass.of(statusClass)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "the class of an enhanced status code must be 2, 4 or 5, was "
                            + statusClass));
    return new EnhancedStatusCode(cls, subject, detail);
  }

  /**
   * Parses {@code class.subject.detail}, such as {@code 5.7.26}. The whole text must be the code;
   * no spaces are allowed.
   *
   * @param text the code
   * @return the code
   * @throws NullPointerException when {@code text} is null
   * @throws IllegalArgumentException when {@code text} is not a well-formed code; the message says
   *     what is wrong
   */
  public static EnhancedStatusCode parse(CharSequence text) {
    Objects.requireNonNull(text, "enhanced status code text must not be null");
    String problem = problem(text, 0, text.length());
    if (problem != null) {
      throw new IllegalArgumentException(
          "not an enhanced status code (class.subject.detail, e.g. 5.7.1): \""
              + shorten(text)
              + "\": "
              + problem);
    }
    return decode(text, 0, text.length()).get();
  }

  /**
   * Parses {@code class.subject.detail} without throwing.
   *
   * @param text the code, or any text
   * @return the code, or empty when {@code text} is null or not a well-formed code
   */
  public static Optional<EnhancedStatusCode> tryParse(CharSequence text) {
    if (text == null) {
      return Optional.empty();
    }
    return tryParse(text, 0, text.length());
  }

  /**
   * Parses the code in {@code text[start, end)} without throwing.
   *
   * @param text any text
   * @param start first index of the code
   * @param end index after the code
   * @return the code, or empty when that range is not a well-formed code
   */
  public static Optional<EnhancedStatusCode> tryParse(CharSequence text, int start, int end) {
    Objects.requireNonNull(text, "text must not be null");
    if (start < 0 || end > text.length() || start > end) {
      return Optional.empty();
    }
    return problem(text, start, end) == null ? decode(text, start, end) : Optional.empty();
  }

  // The code in text[start, end), which problem() found well formed.
  private static Optional<EnhancedStatusCode> decode(CharSequence text, int start, int end) {
    int cls = text.charAt(start) - '0';
    int i = start + 2;
    int subject = 0;
    while (text.charAt(i) != '.') {
      subject = subject * 10 + (text.charAt(i++) - '0');
    }
    int detail = 0;
    for (i++; i < end; i++) {
      detail = detail * 10 + (text.charAt(i) - '0');
    }
    if (subject >= COMMON_SUBJECTS || detail >= COMMON_DETAILS) {
      return Optional.of(of(cls, subject, detail));
    }
    // A common code's answer is made once and shared (values are immutable): replies are parsed
    // by the hundred thousand per second, and most carry one of these.
    int k = ((cls == 2 ? 0 : cls == 4 ? 1 : 2) * COMMON_SUBJECTS + subject) * COMMON_DETAILS
        + detail;
    Optional<EnhancedStatusCode> found = COMMON[k];
    if (found == null) {
      found = Optional.of(of(cls, subject, detail));
      COMMON[k] = found; // a race makes an equal value twice, no harm
    }
    return found;
  }

  // Codes X.0.0 to X.9.99 of each class: the registry's subjects and the details replies use.
  private static final int COMMON_SUBJECTS = 10;
  private static final int COMMON_DETAILS = 100;

  @SuppressWarnings("unchecked")
  private static final Optional<EnhancedStatusCode>[] COMMON =
      new Optional[3 * COMMON_SUBJECTS * COMMON_DETAILS]; // classes 2, 4 and 5

  /** The subject's meaning (RFC 3463 §3), or empty for subjects 8 to 999. */
  public Optional<StatusSubject> subjectMeaning() {
    return StatusSubject.of(subject);
  }

  /**
   * This code's entry in the IANA registry. Registered codes are class-independent ({@code X.1.1}),
   * so {@code 4.2.2} and {@code 5.2.2} share one entry.
   *
   * @return the entry, or empty when the code is not registered
   */
  public Optional<RegisteredStatusCode> registration() {
    return StatusCodeRegistry.iana().lookup(this);
  }

  /** True when the class is 5 (permanent failure). */
  public boolean isPermanentFailure() {
    return statusClass == StatusClass.PERMANENT_FAILURE;
  }

  /** True when the class is 4 (persistent transient failure). */
  public boolean isTransientFailure() {
    return statusClass == StatusClass.PERSISTENT_TRANSIENT_FAILURE;
  }

  /** True when the class is 2 (success). */
  public boolean isSuccess() {
    return statusClass == StatusClass.SUCCESS;
  }

  /** The same subject and detail in another class ({@code 4.2.2} to {@code 5.2.2}). */
  public EnhancedStatusCode withClass(StatusClass other) {
    return new EnhancedStatusCode(other, subject, detail);
  }

  /** The class-independent form used by the registry, such as {@code X.7.26}. */
  public String toRegistryForm() {
    return "X." + subject + '.' + detail;
  }

  /** The code as written in replies, such as {@code 5.7.26}. */
  @Override
  public String toString() {
    return statusClass.code() + "." + subject + '.' + detail;
  }

  /** Orders by class, then subject, then detail. */
  @Override
  public int compareTo(EnhancedStatusCode o) {
    int c = Integer.compare(statusClass.code(), o.statusClass.code());
    if (c == 0) {
      c = Integer.compare(subject, o.subject);
    }
    return c != 0 ? c : Integer.compare(detail, o.detail);
  }

  // Returns null when text[start, end) is well formed, else what is wrong.
  private static String problem(CharSequence text, int start, int end) {
    if (end - start < 5) {
      return "too short";
    }
    char cls = text.charAt(start);
    if (cls != '2' && cls != '4' && cls != '5') {
      return "the class must be 2, 4 or 5";
    }
    if (text.charAt(start + 1) != '.') {
      return "expected '.' after the class";
    }
    int i = start + 2;
    int subjectEnd = numberEnd(text, i, end);
    if (subjectEnd < 0) {
      return "the subject must be a number from 0 to 999 without leading zeros";
    }
    if (subjectEnd >= end || text.charAt(subjectEnd) != '.') {
      return "expected '.' after the subject";
    }
    int detailEnd = numberEnd(text, subjectEnd + 1, end);
    if (detailEnd < 0) {
      return "the detail must be a number from 0 to 999 without leading zeros";
    }
    if (detailEnd != end) {
      return "unexpected text after the detail";
    }
    return null;
  }

  // End index of a 1-3 digit number without leading zero starting at i, or -1.
  private static int numberEnd(CharSequence text, int i, int end) {
    int j = i;
    while (j < end && j - i < 4 && isDigit(text.charAt(j))) {
      j++;
    }
    int len = j - i;
    if (len == 0 || len > 3 || (len > 1 && text.charAt(i) == '0')) {
      return -1;
    }
    return j;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String shorten(CharSequence text) {
    return text.length() <= 40 ? text.toString() : text.subSequence(0, 40) + "…";
  }
}
