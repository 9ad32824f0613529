package io.github.bouncekit.provider;

import java.util.Objects;

/**
 * The mailbox provider, filtering service or sending platform whose server produced a reply.
 *
 * @param id stable lower-case id: {@code gmail} (Gmail and Google Workspace), {@code microsoft}
 *     (Outlook.com and Exchange Online), {@code yahoo} (Yahoo and AOL), then others such as {@code
 *     icloud}, {@code proofpoint}, {@code mimecast}
 * @param name display name
 */
public record Provider(String id, String name) {
  /** Gmail and Google Workspace. */
  public static final Provider GMAIL = new Provider("gmail", "Gmail / Google Workspace");
  /** Outlook.com, Hotmail and Exchange Online / EOP. */
  public static final Provider MICROSOFT =
      new Provider("microsoft", "Microsoft (Outlook.com, Exchange Online)");
  /** Yahoo and AOL. */
  public static final Provider YAHOO = new Provider("yahoo", "Yahoo / AOL");

  /** Checks the id's form. */
  public Provider {
    Objects.requireNonNull(id, "id must not be null");
    Objects.requireNonNull(name, "name must not be null");
    if (!isValidId(id)) {
      throw new IllegalArgumentException(
          "a provider id is lower-case letters, digits and '-', was \"" + id + "\"");
    }
  }

  /** True when {@code id} is a well-formed provider id. */
  public static boolean isValidId(String id) {
    if (id == null || id.isEmpty() || id.length() > 40) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return id;
  }
}
