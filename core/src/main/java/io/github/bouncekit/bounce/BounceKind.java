package io.github.bouncekit.bounce;

import io.github.bouncekit.internal.Ids;

/** What kind of message a bounce e-mail is. */
public enum BounceKind {
  /** An RFC 3464 delivery status notification (multipart/report) reporting failures. */
  DSN,
  /** A provider's or MTA's free-text bounce, without a machine-readable delivery status. */
  FREE_TEXT,
  /** A delayed-delivery warning: the message is still queued (DSN action {@code delayed}). */
  DELAYED,
  /** An RFC 5965 feedback report (abuse complaint, ARF). */
  FEEDBACK_REPORT,
  /** An automatic reply: vacation, out of office (RFC 3834 {@code Auto-Submitted}). */
  AUTO_REPLY,
  /**
   * Not a bounce at all; also a delivery status notification that reports only successful
   * deliveries ({@code delivered}, {@code relayed}, {@code expanded}), whose records keep their
   * actions, and a message dressed up as a bounce (a phishing lure) that returns no message, gives
   * no status or reply code and names no failed address but its own addressee.
   */
  NOT_BOUNCE;

  /** The lower-case id used in JSON. */
  public String id() {
    return Ids.id(this);
  }
}
