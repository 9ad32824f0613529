package io.github.bouncekit;

import io.github.bouncekit.internal.Ids;
import java.util.Optional;

/** What an automated sender should do first about a rejected message. */
public enum Action {
  /** Stop mailing this address: it does not exist or no longer receives mail. */
  SUPPRESS_RECIPIENT,
  /** Send the same message again later, unchanged. */
  RETRY,
  /** Change the sender's own set-up, content, volume or authentication before retrying. */
  FIX_SENDER,
  /** A person must contact the receiving side, a blocklist operator or the sending platform. */
  CONTACT_POSTMASTER,
  /** Nothing to do automatically (informational, or not known). */
  NONE;

  /** The lower-case id used in JSON and rule tables, such as {@code fix_sender}. */
  public String id() {
    return Ids.id(this);
  }

  /**
   * The action with an id.
   *
   * @param id such as {@code retry}
   * @return the action, or empty when no action has that id
   */
  public static Optional<Action> fromId(String id) {
    return Ids.fromId(Action.class, id);
  }
}
