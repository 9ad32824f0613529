package io.github.bouncekit.dns.dkim;

import io.github.bouncekit.dns.DnsAnswer;
import io.github.bouncekit.dns.DnsClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Calls a {@link DnsClient} defensively: a client that throws, returns null or completes
 * exceptionally gives a {@link DnsAnswer.Failure} (a temporary error), never an exception.
 */
final class SafeDns {
  private SafeDns() {}

  static <T> CompletionStage<DnsAnswer<T>> call(
      String name, Supplier<CompletionStage<DnsAnswer<T>>> query) {
    CompletionStage<DnsAnswer<T>> stage;
    try {
      stage = query.get();
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(failure(name, e));
    }
    if (stage == null) {
      return CompletableFuture.completedFuture(
          new DnsAnswer.Failure<>(
              name, DnsAnswer.Failure.Kind.OTHER, "the DNS client gave no answer"));
    }
    return stage.handle(
        (answer, error) -> {
          if (error != null) {
            return failure(name, error);
          }
          if (answer == null) {
            return new DnsAnswer.Failure<>(
                name, DnsAnswer.Failure.Kind.OTHER, "the DNS client gave a null answer");
          }
          return answer;
        });
  }

  private static <T> DnsAnswer<T> failure(String name, Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    DnsAnswer.Failure.Kind kind =
        cause instanceof TimeoutException
            ? DnsAnswer.Failure.Kind.TIMEOUT
            : DnsAnswer.Failure.Kind.OTHER;
    return new DnsAnswer.Failure<>(name, kind, String.valueOf(cause));
  }

  /** {@code "DNS timeout for sel._domainkey.example.com TXT"}. */
  static String describe(DnsAnswer.Failure<?> f, String type) {
    switch (f.kind()) {
      case TIMEOUT:
        return "DNS timeout for " + f.name() + " " + type;
      case SERVFAIL:
        return "DNS SERVFAIL for " + f.name() + " " + type;
      case REFUSED:
        return "DNS query refused for " + f.name() + " " + type;
      default:
        return "DNS error for " + f.name() + " " + type + ": " + f.detail();
    }
  }
}
