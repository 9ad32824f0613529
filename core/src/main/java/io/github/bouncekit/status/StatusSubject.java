package io.github.bouncekit.status;

import java.util.Optional;

/** The subject of an enhanced status code (RFC 3463 §3.2): its second number. */
public enum StatusSubject {
  /** {@code X.0.XXX} */
  OTHER_OR_UNDEFINED(0, "Other or Undefined Status"),
  /** {@code X.1.XXX}: the envelope's originator or recipient address. */
  ADDRESSING(1, "Addressing Status"),
  /** {@code X.2.XXX}: the recipient's mailbox. */
  MAILBOX(2, "Mailbox Status"),
  /** {@code X.3.XXX}: the receiving mail system. */
  MAIL_SYSTEM(3, "Mail System Status"),
  /** {@code X.4.XXX}: the network or routing. */
  NETWORK_AND_ROUTING(4, "Network and Routing Status"),
  /** {@code X.5.XXX}: the mail delivery protocol. */
  MAIL_DELIVERY_PROTOCOL(5, "Mail Delivery Protocol Status"),
  /** {@code X.6.XXX}: the message's content or media. */
  MESSAGE_CONTENT_OR_MEDIA(6, "Message Content or Media Status"),
  /** {@code X.7.XXX}: security or policy. */
  SECURITY_OR_POLICY(7, "Security or Policy Status");

  private final int code;
  private final String title;

  StatusSubject(int code, String title) {
    this.code = code;
    this.title = title;
  }

  /** The number, 0 to 7. */
  public int code() {
    return code;
  }

  /** The registry's title, such as {@code Security or Policy Status}. */
  public String title() {
    return title;
  }

  /**
   * The subject for a number.
   *
   * @param code the subject number of a status code
   * @return the subject, or empty when no subject is defined for the number (8 to 999)
   */
  public static Optional<StatusSubject> of(int code) {
    StatusSubject[] all = values();
    return code >= 0 && code < all.length ? Optional.of(all[code]) : Optional.empty();
  }
}
