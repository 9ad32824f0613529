package io.github.bouncekit.reply;

/** The stage of an SMTP transaction at which a server replied. */
public enum SmtpStage {
  /** The greeting after the connection opened, before any command. */
  CONNECT,
  /** {@code HELO} / {@code EHLO} / {@code LHLO}. */
  HELO,
  /** {@code STARTTLS}. */
  STARTTLS,
  /** {@code AUTH}. */
  AUTH,
  /** {@code MAIL FROM}. */
  MAIL_FROM,
  /** {@code RCPT TO}. */
  RCPT_TO,
  /** {@code DATA}, or the end of the message data ({@code .}). */
  DATA,
  /** {@code BDAT} chunks. */
  BDAT,
  /** {@code QUIT} or {@code RSET}. */
  QUIT;

  /**
   * The stage a command names, as wrappers write it: {@code RCPT TO}, {@code rcpt to:<x>}, {@code
   * end of DATA}, {@code MAIL FROM:<a> SIZE=1}, {@code initial connection}.
   *
   * @param command any text
   * @return the stage, or empty when the text names no SMTP command
   */
  public static java.util.Optional<SmtpStage> fromCommand(String command) {
    if (command == null) {
      return java.util.Optional.empty();
    }
    String c = command.trim().toUpperCase(java.util.Locale.ROOT);
    if (c.startsWith("END OF DATA") || c.startsWith("END OF MESSAGE") || c.startsWith("DATA")) {
      return java.util.Optional.of(DATA);
    }
    if (c.startsWith("RCPT")) {
      return java.util.Optional.of(RCPT_TO);
    }
    if (c.startsWith("MAIL")) {
      return java.util.Optional.of(MAIL_FROM);
    }
    if (c.startsWith("EHLO") || c.startsWith("HELO") || c.startsWith("LHLO")) {
      return java.util.Optional.of(HELO);
    }
    if (c.startsWith("STARTTLS")) {
      return java.util.Optional.of(STARTTLS);
    }
    if (c.startsWith("AUTH")) {
      return java.util.Optional.of(AUTH);
    }
    if (c.startsWith("BDAT")) {
      return java.util.Optional.of(BDAT);
    }
    if (c.startsWith("QUIT") || c.startsWith("RSET")) {
      return java.util.Optional.of(QUIT);
    }
    if (c.startsWith("INITIAL CONNECTION")
        || c.startsWith("CONNECT")
        || c.startsWith("GREETING")
        || c.startsWith("SMTP GREETING")) {
      return java.util.Optional.of(CONNECT);
    }
    return java.util.Optional.empty();
  }
}
