package io.github.bouncekit;

/** How sure a diagnosis is, from the kind of evidence behind it. */
public enum Confidence {
  /** A provider's documented wording, or distinctive words, matched. */
  HIGH,
  /** Generic wording, or a provider's documented code, matched. */
  MEDIUM,
  /** Only the status code's usual meaning was available. */
  LOW,
  /** Nothing explained the reply: the cause is {@link Cause#UNKNOWN}. */
  NONE
}
