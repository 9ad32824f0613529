package io.github.bouncekit.dns.dnsjava;

import io.github.bouncekit.dns.DnsAnswer;
import io.github.bouncekit.dns.DnsClient;
import io.github.bouncekit.dns.MxRecord;
import io.github.bouncekit.dns.TxtRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupResult;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;
import org.xbill.DNS.lookup.ServerFailedException;

/**
 * The {@link DnsClient} over dnsjava's {@code LookupSession}: real UDP (and TCP after a truncated
 * answer) to the configured resolvers, a cache that honours TTLs and negative answers, identical
 * in-flight queries shared, and every query bounded by a deadline. No global state of its own;
 * blocking work never runs on the common pool: continuations run on the executor given to the
 * builder, or on a small pool of daemon threads that this client owns and {@link #close()} stops.
 *
 * <pre>{@code
 * try (DnsjavaClient dns = DnsjavaClient.builder().timeout(Duration.ofSeconds(2)).build()) {
 *   dns.txt("example.com").thenAccept(answer -> ...);
 * }
 * }</pre>
 */
public final class DnsjavaClient implements DnsClient, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DnsjavaClient.class);

  private final LookupSession session;
  private final Duration timeout;
  private final Executor executor;
  private final ExecutorService owned;
  private final List<InetSocketAddress> resolvers;
  private final ConcurrentHashMap<String, CompletableFuture<DnsAnswer<?>>> inFlight =
      new ConcurrentHashMap<>();

  private DnsjavaClient(Builder b) {
    this.timeout = b.timeout;
    this.resolvers = List.copyOf(b.resolvers.isEmpty() ? systemResolvers() : b.resolvers);
    if (b.executor != null) {
      this.executor = b.executor;
      this.owned = null;
    } else {
      this.owned = Executors.newFixedThreadPool(2, daemonThreads());
      this.executor = owned;
    }
    Resolver resolver;
    if (resolvers.size() == 1) {
      SimpleResolver r = new SimpleResolver(resolvers.get(0));
      r.setTimeout(timeout);
      resolver = r;
    } else {
      List<Resolver> list = new ArrayList<>();
      for (InetSocketAddress a : resolvers) {
        list.add(new SimpleResolver(a));
      }
      ExtendedResolver r = new ExtendedResolver(list);
      r.setTimeout(timeout);
      resolver = r;
    }
    LookupSession.LookupSessionBuilder sb =
        LookupSession.builder().resolver(resolver).executor(executor).clearSearchPath();
    if (b.cache) {
      Cache cache = new Cache(DClass.IN);
      cache.setMaxEntries(b.cacheSize);
      sb.cache(cache);
    } else {
      sb.clearCaches();
    }
    this.session = sb.build();
  }

  private static List<InetSocketAddress> systemResolvers() {
    List<InetSocketAddress> servers = ResolverConfig.getCurrentConfig().servers();
    if (servers.isEmpty()) {
      throw new IllegalStateException(
          "no DNS resolver configured on this system; give one with DnsjavaClient.builder().resolver(...)");
    }
    return servers;
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "bouncekit-dns-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** A builder: system resolvers, 2 s per query, a cache of 10,000 entries, an owned executor. */
  public static Builder builder() {
    return new Builder();
  }

  /** The resolvers in use. */
  public List<InetSocketAddress> resolvers() {
    return resolvers;
  }

  /** The per-query deadline. */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public CompletionStage<DnsAnswer<TxtRecord>> txt(String name) {
    return query(
        name,
        Type.TXT,
        r -> r instanceof TXTRecord ? new TxtRecord(strings((TXTRecord) r)) : null);
  }

  @Override
  public CompletionStage<DnsAnswer<InetAddress>> a(String name) {
    return query(name, Type.A, r -> r instanceof ARecord ? ((ARecord) r).getAddress() : null);
  }

  @Override
  public CompletionStage<DnsAnswer<InetAddress>> aaaa(String name) {
    return query(
        name, Type.AAAA, r -> r instanceof AAAARecord ? ((AAAARecord) r).getAddress() : null);
  }

  @Override
  public CompletionStage<DnsAnswer<MxRecord>> mx(String name) {
    return query(
        name,
        Type.MX,
        r ->
            r instanceof MXRecord
                ? new MxRecord(((MXRecord) r).getPriority(), host(((MXRecord) r).getTarget()))
                : null);
  }

  @Override
  public CompletionStage<DnsAnswer<String>> ptr(String reverseName) {
    return query(
        reverseName,
        Type.PTR,
        r -> r instanceof PTRRecord ? host(((PTRRecord) r).getTarget()) : null);
  }

  @Override
  public CompletionStage<DnsAnswer<String>> cname(String name) {
    return query(
        name,
        Type.CNAME,
        r -> r instanceof CNAMERecord ? host(((CNAMERecord) r).getTarget()) : null);
  }

  // The character-strings as their bytes say (UTF-8, else ISO-8859-1), not dnsjava's
  // presentation form, which escapes quotes, backslashes and non-ASCII bytes.
  private static List<String> strings(TXTRecord r) {
    List<String> out = new ArrayList<>();
    for (byte[] b : r.getStringsAsByteArrays()) {
      out.add(utf8OrLatin1(b));
    }
    return out;
  }

  private static String utf8OrLatin1(byte[] b) {
    try {
      return java.nio.charset.StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(b))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }

  private static String host(Name n) {
    String s = n.toString(true);
    return s.equals(".") ? "" : s;
  }

  @SuppressWarnings("unchecked")
  private <T> CompletionStage<DnsAnswer<T>> query(
      String name, int type, Function<Record, T> convert) {
    Objects.requireNonNull(name, "name must not be null");
    String key = name.toLowerCase(Locale.ROOT) + '|' + type;
    CompletableFuture<DnsAnswer<?>> mine = new CompletableFuture<>();
    CompletableFuture<DnsAnswer<?>> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      return running.thenApply(a -> (DnsAnswer<T>) a);
    }
    CompletableFuture<DnsAnswer<T>> answer = lookup(name, type, convert);
    answer.whenComplete(
        (a, e) -> {
          inFlight.remove(key, mine);
          mine.complete(a);
        });
    return mine.thenApply(a -> (DnsAnswer<T>) a);
  }

  private <T> CompletableFuture<DnsAnswer<T>> lookup(
      String name, int type, Function<Record, T> convert) {
    Name qname;
    try {
      qname = Name.fromString(name.endsWith(".") ? name : name + ".");
    } catch (TextParseException e) {
      return CompletableFuture.completedFuture(
          new DnsAnswer.Failure<>(
              name, DnsAnswer.Failure.Kind.OTHER, "not a valid domain name: " + e.getMessage()));
    }
    long started = System.nanoTime();
    CompletableFuture<LookupResult> future;
    try {
      future = session.lookupAsync(qname, type).toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(
          new DnsAnswer.Failure<>(name, DnsAnswer.Failure.Kind.OTHER, describe(e)));
    }
    // The resolver has its own time-out, but dnsjava notices it only when its network thread
    // wakes (about once a second): this deadline ends the query close to the configured time-out,
    // allowing one try per resolver.
    long deadline = timeout.toMillis() * resolvers.size() + 100;
    return future
        .orTimeout(deadline, TimeUnit.MILLISECONDS)
        .handle(
            (result, error) -> {
              if (error == null) {
                return records(name, result, type, convert);
              }
              DnsAnswer<T> failure = fromError(name, unwrap(error), started);
              LOG.debug("DNS {} {}: {}", name, Type.string(type), failure);
              return failure;
            });
  }

  private static <T> DnsAnswer<T> records(
      String name, LookupResult result, int type, Function<Record, T> convert) {
    List<T> values = new ArrayList<>();
    long ttl = Long.MAX_VALUE;
    for (Record r : result.getRecords()) {
      if (r.getType() != type) {
        continue;
      }
      T v = convert.apply(r);
      if (v != null) {
        values.add(v);
        ttl = Math.min(ttl, r.getTTL());
      }
    }
    if (values.isEmpty()) {
      return new DnsAnswer.NoData<>(name);
    }
    return new DnsAnswer.Records<>(name, values, Duration.ofSeconds(ttl));
  }

  private <T> DnsAnswer<T> fromError(String name, Throwable e, long started) {
    if (e instanceof NoSuchDomainException) {
      return new DnsAnswer.NxDomain<>(name);
    }
    if (e instanceof NoSuchRRSetException) {
      return new DnsAnswer.NoData<>(name);
    }
    long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
    if (e instanceof ServerFailedException) {
      return new DnsAnswer.Failure<>(name, DnsAnswer.Failure.Kind.SERVFAIL, "SERVFAIL after " + ms + " ms");
    }
    if (isTimeout(e)) {
      return new DnsAnswer.Failure<>(
          name, DnsAnswer.Failure.Kind.TIMEOUT, "no answer from " + resolvers + " in " + ms + " ms");
    }
    String message = describe(e);
    if (message.contains("REFUSED")) {
      return new DnsAnswer.Failure<>(name, DnsAnswer.Failure.Kind.REFUSED, message);
    }
    return new DnsAnswer.Failure<>(name, DnsAnswer.Failure.Kind.OTHER, message);
  }

  private static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException
          || t instanceof java.net.SocketTimeoutException
          || t instanceof IOException && String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("timed out")) {
        return true;
      }
    }
    return false;
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /** Stops the threads this client owns (none when an executor was given). */
  @Override
  public void close() {
    if (owned != null) {
      owned.shutdownNow();
    }
  }

  /** Builds a {@link DnsjavaClient}. */
  public static final class Builder {
    private final List<InetSocketAddress> resolvers = new ArrayList<>();
    private Duration timeout = Duration.ofSeconds(2);
    private Executor executor;
    private boolean cache = true;
    private int cacheSize = 10_000;

    private Builder() {}

    /** Adds a resolver to ask (default: the system's resolvers). */
    public Builder resolver(InetSocketAddress address) {
      resolvers.add(Objects.requireNonNull(address, "address must not be null"));
      return this;
    }

    /** The time to wait for an answer to one query (default 2 s). */
    public Builder timeout(Duration t) {
      Objects.requireNonNull(t, "timeout must not be null");
      if (t.isNegative() || t.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + t);
      }
      timeout = t;
      return this;
    }

    /** Where continuations run (default: two daemon threads owned by the client). */
    public Builder executor(Executor e) {
      executor = Objects.requireNonNull(e, "executor must not be null");
      return this;
    }

    /** Whether answers (positive and negative) are cached for their TTL (default true). */
    public Builder cache(boolean enabled) {
      cache = enabled;
      return this;
    }

    /** The largest number of cached entries (default 10,000). */
    public Builder cacheSize(int entries) {
      if (entries <= 0) {
        throw new IllegalArgumentException("cacheSize must be positive, was " + entries);
      }
      cacheSize = entries;
      return this;
    }

    /** The client. */
    public DnsjavaClient build() {
      return new DnsjavaClient(this);
    }
  }
}
