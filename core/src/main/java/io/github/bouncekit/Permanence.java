package io.github.bouncekit;

import io.github.bouncekit.internal.Ids;
import java.util.Optional;

/**
 * Whether retrying the same message unchanged can succeed. It follows the meaning of the reply,
 * not only its first digit: Yahoo's {@code 421 ... Retrying will NOT succeed} is permanent, a
 * {@code 550} rate limit is transient.
 */
public enum Permanence {
  /** A hard bounce: retrying unchanged will not succeed. */
  PERMANENT,
  /** A soft bounce: the same message may succeed later. */
  TRANSIENT,
  /** Not known. */
  UNKNOWN;

  /** The lower-case id used in JSON and rule tables. */
  public String id() {
    return Ids.id(this);
  }

  /**
   * The permanence with an id.
   *
   * @param id such as {@code permanent}
   * @return the permanence, or empty when none has that id
   */
  public static Optional<Permanence> fromId(String id) {
    return Ids.fromId(Permanence.class, id);
  }
}
