package io.github.bouncekit.remedy;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * One step a sender can take to fix a delivery problem.
 *
 * @param id stable id, such as {@code publish-spf} or {@code outlook-delist-portal}
 * @param title short imperative title
 * @param text one or two sentences an operator can act on
 * @param link documentation, a delisting page or a postmaster tool, when there is one
 */
public record Remedy(String id, String title, String text, Optional<URI> link) {
  /** Checks the parts. */
  public Remedy {
    Objects.requireNonNull(id, "id must not be null");
    Objects.requireNonNull(title, "title must not be null");
    Objects.requireNonNull(text, "text must not be null");
    Objects.requireNonNull(link, "link must not be null (use Optional.empty())");
    if (id.isBlank()) {
      throw new IllegalArgumentException("a remedy id must not be blank");
    }
  }

  @Override
  public String toString() {
    return id;
  }
}
