package io.github.bouncekit.dns.internal;

import io.github.bouncekit.dns.DnsAnswer;
import io.github.bouncekit.dns.DnsClient;
import io.github.bouncekit.dns.MxRecord;
import io.github.bouncekit.dns.TxtRecord;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Calls a {@link DnsClient} defensively: a client that throws, returns null or completes
 * exceptionally gives a {@link DnsAnswer.Failure} (a temporary error), never an exception. Shared
 * by the SPF, DKIM and DMARC checks.
 */
public final class SafeDns {
  private SafeDns() {}

  /** A TXT query, made safe. */
  public static CompletionStage<DnsAnswer<TxtRecord>> txt(DnsClient dns, String name) {
    return call(name, () -> dns.txt(name));
  }

  /** An A ({@code v4}) or AAAA query, made safe. */
  public static CompletionStage<DnsAnswer<InetAddress>> address(DnsClient dns, String name, boolean v4) {
    return call(name, () -> v4 ? dns.a(name) : dns.aaaa(name));
  }

  /** An MX query, made safe. */
  public static CompletionStage<DnsAnswer<MxRecord>> mx(DnsClient dns, String name) {
    return call(name, () -> dns.mx(name));
  }

  /** A PTR query of a reverse name, made safe. */
  public static CompletionStage<DnsAnswer<String>> ptr(DnsClient dns, String reverseName) {
    return call(reverseName, () -> dns.ptr(reverseName));
  }

  /** One query, made safe, without a timeout of its own. */
  public static <T> CompletionStage<DnsAnswer<T>> call(
      String name, Supplier<CompletionStage<DnsAnswer<T>>> query) {
    return call(name, query, null);
  }

  /**
   * One query, made safe; with a timeout (null for none) after which it is a {@link
   * DnsAnswer.Failure.Kind#TIMEOUT} failure.
   */
  public static <T> CompletionStage<DnsAnswer<T>> call(
      String name, Supplier<CompletionStage<DnsAnswer<T>>> query, Duration timeout) {
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
    if (timeout != null) {
      stage =
          stage
              .toCompletableFuture()
              .copy()
              .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
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
        cause instanceof java.util.concurrent.TimeoutException
            ? DnsAnswer.Failure.Kind.TIMEOUT
            : DnsAnswer.Failure.Kind.OTHER;
    return new DnsAnswer.Failure<>(name, kind, String.valueOf(cause));
  }

  /** {@code "DNS timeout for _spf.example.com TXT"}: a failure of a query of {@code type}. */
  public static String describe(DnsAnswer.Failure<?> f, String type) {
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
