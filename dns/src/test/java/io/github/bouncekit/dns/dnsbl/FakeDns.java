package io.github.bouncekit.dns.dnsbl;

import io.github.bouncekit.dns.DnsAnswer;
import io.github.bouncekit.dns.DnsClient;
import io.github.bouncekit.dns.MxRecord;
import io.github.bouncekit.dns.TxtRecord;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * An in-memory {@link DnsClient} for fast tests: A and TXT answers by name (NXDOMAIN otherwise),
 * plus names that never answer, fail, or make the client throw. Records every A and TXT query.
 */
final class FakeDns implements DnsClient {
  private final Map<String, Function<String, Object>> a = new ConcurrentHashMap<>();
  private final Map<String, String> txt = new ConcurrentHashMap<>();
  final List<String> queries = Collections.synchronizedList(new ArrayList<>());

  /** Answers these A records. */
  FakeDns listed(String name, String... addresses) {
    a.put(name, n -> records(n, addresses));
    return this;
  }

  FakeDns txt(String name, String text) {
    txt.put(name, text);
    return this;
  }

  FakeDns failure(String name, DnsAnswer.Failure.Kind kind) {
    a.put(name, n -> new DnsAnswer.Failure<InetAddress>(n, kind, kind + " on purpose"));
    return this;
  }

  FakeDns noData(String name) {
    a.put(name, n -> new DnsAnswer.NoData<InetAddress>(n));
    return this;
  }

  FakeDns never(String name) {
    a.put(name, n -> new CompletableFuture<DnsAnswer<InetAddress>>());
    return this;
  }

  FakeDns throwing(String name) {
    a.put(
        name,
        n -> {
          throw new IllegalStateException("client bug on purpose");
        });
    return this;
  }

  FakeDns failing(String name) {
    a.put(name, n -> CompletableFuture.failedFuture(new IllegalStateException("failed stage")));
    return this;
  }

  private static DnsAnswer<InetAddress> records(String name, String... addresses) {
    List<InetAddress> out = new ArrayList<>();
    for (String s : addresses) {
      try {
        out.add(InetAddress.getByName(s)); // literals only
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(s, e);
      }
    }
    return new DnsAnswer.Records<>(name, out, Duration.ofSeconds(60));
  }

  @Override
  @SuppressWarnings("unchecked")
  public CompletionStage<DnsAnswer<InetAddress>> a(String name) {
    queries.add(name + " A");
    Function<String, Object> f = a.get(name);
    if (f == null) {
      return CompletableFuture.completedFuture(new DnsAnswer.NxDomain<>(name));
    }
    Object o = f.apply(name);
    if (o instanceof CompletionStage) {
      return (CompletionStage<DnsAnswer<InetAddress>>) o;
    }
    return CompletableFuture.completedFuture((DnsAnswer<InetAddress>) o);
  }

  @Override
  public CompletionStage<DnsAnswer<TxtRecord>> txt(String name) {
    queries.add(name + " TXT");
    String t = txt.get(name);
    if (t == null) {
      return CompletableFuture.completedFuture(new DnsAnswer.NxDomain<>(name));
    }
    return CompletableFuture.completedFuture(
        new DnsAnswer.Records<>(name, List.of(TxtRecord.of(t)), Duration.ofSeconds(60)));
  }

  @Override
  public CompletionStage<DnsAnswer<InetAddress>> aaaa(String name) {
    throw new UnsupportedOperationException("a DNSBL check never asks for AAAA");
  }

  @Override
  public CompletionStage<DnsAnswer<MxRecord>> mx(String name) {
    throw new UnsupportedOperationException("a DNSBL check never asks for MX");
  }

  @Override
  public CompletionStage<DnsAnswer<String>> ptr(String reverseName) {
    throw new UnsupportedOperationException("a DNSBL check never asks for PTR");
  }

  @Override
  public CompletionStage<DnsAnswer<String>> cname(String name) {
    throw new UnsupportedOperationException("a DNSBL check never asks for CNAME");
  }
}
