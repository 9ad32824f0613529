package io.github.bouncekit.internal;

import java.util.Locale;
import java.util.Optional;

/** Lower-case ids of enum constants, as used in JSON and rule tables. */
public final class Ids {
  private Ids() {}

  /**
   * The constant whose name, ignoring case, is {@code id}.
   *
   * @param type the enum
   * @param id such as {@code auth_dmarc}; null gives empty
   * @param <E> the enum type
   * @return the constant, or empty
   */
  public static <E extends Enum<E>> Optional<E> fromId(Class<E> type, String id) {
    if (id == null) {
      return Optional.empty();
    }
    String name = id.trim().toUpperCase(Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** The lower-case id of a constant. */
  public static String id(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
