package io.github.bouncekit.status;

import java.util.Optional;

/** The class of an enhanced status code (RFC 3463 §3.1): its first number. */
public enum StatusClass {
  /** {@code 2.X.X}: the action succeeded. */
  SUCCESS(2, "Success"),
  /** {@code 4.X.X}: a transient failure; the same message may succeed later. */
  PERSISTENT_TRANSIENT_FAILURE(4, "Persistent Transient Failure"),
  /** {@code 5.X.X}: a permanent failure; resending the same message will not succeed. */
  PERMANENT_FAILURE(5, "Permanent Failure");

  private final int code;
  private final String title;

  StatusClass(int code, String title) {
    this.code = code;
    this.title = title;
  }

  /** The digit: 2, 4 or 5. */
  public int code() {
    return code;
  }

  /** The registry's title, such as {@code Permanent Failure}. */
  public String title() {
    return title;
  }

  /**
   * The class for a digit.
   *
   * @param code 2, 4 or 5
   * @return the class, or empty for any other number
   */
  public static Optional<StatusClass> of(int code) {
    switch (code) {
      case 2:
        return Found.SUCCESS;
      case 4:
        return Found.TRANSIENT;
      case 5:
        return Found.PERMANENT;
      default:
        return Optional.empty();
    }
  }

  // The answers of of(int), made once: a reply's class is asked for several times per diagnosis.
  private static final class Found {
    static final Optional<StatusClass> SUCCESS = Optional.of(StatusClass.SUCCESS);
    static final Optional<StatusClass> TRANSIENT = Optional.of(PERSISTENT_TRANSIENT_FAILURE);
    static final Optional<StatusClass> PERMANENT = Optional.of(PERMANENT_FAILURE);
  }
}
