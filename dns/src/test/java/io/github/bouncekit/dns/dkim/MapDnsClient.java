package io.github.bouncekit.dns.dkim;

import io.github.bouncekit.dns.DnsAnswer;
import io.github.bouncekit.dns.DnsClient;
import io.github.bouncekit.dns.MxRecord;
import io.github.bouncekit.dns.TxtRecord;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory {@link DnsClient} for fast tests: TXT records by name, NXDOMAIN for the rest. */
class MapDnsClient implements DnsClient {
  private final Map<String, List<TxtRecord>> txt = new ConcurrentHashMap<>();
  final AtomicInteger txtQueries = new AtomicInteger();

  MapDnsClient txt(String name, String... strings) {
    txt.computeIfAbsent(name, n -> new java.util.concurrent.CopyOnWriteArrayList<>())
        .add(new TxtRecord(List.of(strings)));
    return this;
  }

  @Override
  public CompletionStage<DnsAnswer<TxtRecord>> txt(String name) {
    txtQueries.incrementAndGet();
    List<TxtRecord> r = txt.get(name);
    return CompletableFuture.completedFuture(
        r == null ? new DnsAnswer.NxDomain<>(name) : new DnsAnswer.Records<>(name, r, Duration.ZERO));
  }

  @Override
  public CompletionStage<DnsAnswer<InetAddress>> a(String name) {
    return CompletableFuture.completedFuture(new DnsAnswer.NxDomain<>(name));
  }

  @Override
  public CompletionStage<DnsAnswer<InetAddress>> aaaa(String name) {
    return CompletableFuture.completedFuture(new DnsAnswer.NxDomain<>(name));
  }

  @Override
  public CompletionStage<DnsAnswer<MxRecord>> mx(String name) {
    return CompletableFuture.completedFuture(new DnsAnswer.NxDomain<>(name));
  }

  @Override
  public CompletionStage<DnsAnswer<String>> ptr(String reverseName) {
    return CompletableFuture.completedFuture(new DnsAnswer.NxDomain<>(reverseName));
  }

  @Override
  public CompletionStage<DnsAnswer<String>> cname(String name) {
    return CompletableFuture.completedFuture(new DnsAnswer.NoData<>(name));
  }
}
