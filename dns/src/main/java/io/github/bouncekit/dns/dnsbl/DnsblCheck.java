package io.github.bouncekit.dns.dnsbl;

import io.github.bouncekit.dns.DnsAnswer;
import io.github.bouncekit.dns.DnsClient;
import io.github.bouncekit.dns.TxtRecord;
import io.github.bouncekit.dns.dnsbl.DnsblZone.TargetKind;
import io.github.bouncekit.dns.dnsbl.ZoneResult.ErrorKind;
import io.github.bouncekit.dns.dnsbl.ZoneResult.Health;
import io.github.bouncekit.dns.dnsbl.ZoneResult.Status;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks an IP address or a domain up in DNS blocklists (RFC 5782): every zone at once, within one
 * deadline, each zone's answer read with its row of the zone table.
 *
 * <pre>{@code
 * DnsblCheck dnsbl = DnsblCheck.builder(dnsClient).timeout(Duration.ofSeconds(3)).build();
 * DnsblReport r = dnsbl.checkSync("192.0.2.99");
 * for (ZoneResult z : r.results()) {
 *   z.zone().id();   // "spamhaus-zen"
 *   z.status();      // LISTED, NOT_LISTED or ERROR
 *   z.meanings();    // ["XBL: exploited or infected host (the former CBL data)"]
 *   z.txt();         // the zone's reason text, when listed
 *   z.error();       // ERROR_ANSWER, OUTSIDE_LOOPBACK, TIMEOUT, SERVFAIL ...
 * }
 * }</pre>
 *
 * <p><b>Reading answers.</b> NXDOMAIN (or a name without A records) is "not listed". A records in
 * 127.0.0.0/8 are a listing, each code (or each bit, for bitmask zones) with its meaning; the TXT
 * record is then fetched as the reason. An answer in the zone's error table (Spamhaus {@code
 * 127.255.255.0/24}, DBL {@code 127.0.1.255}, URIBL {@code 127.0.0.1}), an answer outside
 * 127.0.0.0/8 (a resolver that rewrites NXDOMAIN), a time-out, SERVFAIL, REFUSED or any other
 * failure is an {@link Status#ERROR}: never a listing, never "not listed".
 *
 * <p><b>One deadline.</b> All zones are asked at once; at {@link Builder#timeout(Duration)} after
 * the call the report is completed with what has arrived: a zone without an answer is {@link
 * ErrorKind#TIMEOUT}, a listed zone whose TXT has not arrived keeps its listing without a reason.
 * The deadline holds whatever the DNS client's own time-outs and retries are. Nothing runs on the
 * common pool: the report is completed on the thread that delivers the last answer (a DNS client
 * thread), on the JDK's timer thread at the deadline, or on the {@link Builder#executor(Executor)}
 * if one is given.
 *
 * <p><b>Health probe</b> ({@link Builder#healthProbe(boolean)}, off by default): each zone is also
 * asked for the RFC 5782 §5 test points of the target's kind ({@code 127.0.0.2} must be listed and
 * {@code 127.0.0.1} not; {@code ::ffff:7f00:2} and {@code ::ffff:7f00:1} for IPv6; {@code test} and
 * {@code invalid} for domain lists). A wrong answer makes the zone {@link
 * ErrorKind#LIST_UNUSABLE}: a dead list or a blocked resolver answers "not listed" for everything.
 * The probe triples the queries.
 *
 * <p>Instances are immutable and thread-safe; checks share nothing but the client.
 */
public final class DnsblCheck {

  /** The default deadline of a whole check. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** The longest TXT reason kept, in characters; longer ones are cut. */
  public static final int MAX_REASON_LENGTH = 1024;

  private static final Logger LOG = LoggerFactory.getLogger(DnsblCheck.class);

  private final DnsClient dns;
  private final DnsblZones zones;
  private final Duration timeout;
  private final boolean healthProbe;
  private final boolean fetchReason;
  private final Clock clock;
  private final Executor executor;

  private DnsblCheck(Builder b) {
    this.dns = b.dns;
    this.zones = b.zones;
    this.timeout = b.timeout;
    this.healthProbe = b.healthProbe;
    this.fetchReason = b.fetchReason;
    this.clock = b.clock;
    this.executor = b.executor;
  }

  /**
   * A builder: the shipped zones ({@link DnsblZones#defaults()}), a 5 s deadline, TXT reasons
   * fetched, no health probe.
   *
   * @param dns the DNS client to query
   * @return the builder
   */
  public static Builder builder(DnsClient dns) {
    return new Builder(dns);
  }

  /** The zones this check asks. */
  public DnsblZones zones() {
    return zones;
  }

  /** The deadline of one check. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Checks an IP address or a domain name given as text ({@link DnsblTarget#parse(String)}).
   *
   * @param ipOrDomain the address or name
   * @return the report; the stage never completes exceptionally
   * @throws IllegalArgumentException if the text is neither an IP address nor a domain name
   */
  public CompletionStage<DnsblReport> check(String ipOrDomain) {
    return check(DnsblTarget.parse(ipOrDomain));
  }

  /**
   * Checks an IP address.
   *
   * @param address the address
   * @return the report; the stage never completes exceptionally
   */
  public CompletionStage<DnsblReport> check(InetAddress address) {
    return check(DnsblTarget.of(address));
  }

  /**
   * Checks a target against every zone that lists its kind.
   *
   * @param target the target
   * @return the report, at the latest at the deadline; the stage never completes exceptionally
   */
  public CompletionStage<DnsblReport> check(DnsblTarget target) {
    Objects.requireNonNull(target, "target must not be null");
    long started = System.nanoTime();
    Instant at = clock.instant();
    List<ZoneTask> tasks = new ArrayList<>();
    List<DnsblZone> skipped = new ArrayList<>();
    for (DnsblZone zone : zones.zones()) {
      if (zone.lists(target.kind())) {
        tasks.add(new ZoneTask(zone, target));
      } else {
        skipped.add(zone);
      }
    }
    CompletableFuture<Void> deadline = new CompletableFuture<>();
    deadline.completeOnTimeout(null, timeout.toNanos(), TimeUnit.NANOSECONDS);
    deadline.thenRun(
        () -> {
          for (ZoneTask t : tasks) {
            t.finishAtDeadline();
          }
        });
    CompletableFuture<?>[] done = new CompletableFuture<?>[tasks.size()];
    for (int i = 0; i < tasks.size(); i++) {
      done[i] = tasks.get(i).done;
      tasks.get(i).start();
    }
    CompletableFuture<Void> all = CompletableFuture.allOf(done);
    Supplier<DnsblReport> report =
        () -> {
          List<ZoneResult> results = new ArrayList<>(tasks.size());
          for (ZoneTask t : tasks) {
            results.add(t.done.join());
          }
          DnsblReport r =
              new DnsblReport(
                  target, results, skipped, at, Duration.ofNanos(System.nanoTime() - started));
          LOG.debug("DNSBL {}: {}", target, r);
          return r;
        };
    CompletableFuture<DnsblReport> result =
        executor == null
            ? all.thenApply(v -> report.get())
            : all.thenApplyAsync(v -> report.get(), executor);
    // Cancels the timer once everything has answered.
    all.whenComplete((v, e) -> deadline.complete(null));
    return result;
  }

  /**
   * {@link #check(String)}, waiting for the report (at most about the deadline).
   *
   * @param ipOrDomain the address or name
   * @return the report
   */
  public DnsblReport checkSync(String ipOrDomain) {
    return check(ipOrDomain).toCompletableFuture().join();
  }

  /**
   * {@link #check(DnsblTarget)}, waiting for the report (at most about the deadline).
   *
   * @param target the target
   * @return the report
   */
  public DnsblReport checkSync(DnsblTarget target) {
    return check(target).toCompletableFuture().join();
  }

  // ---------------------------------------------------------------------------------------------

  /** The RFC 5782 §5 test points for a kind of target: the listed one, then the unlisted one. */
  static DnsblTarget[] testPoints(TargetKind kind) {
    switch (kind) {
      case IP4:
        return new DnsblTarget[] {DnsblTarget.parse("127.0.0.2"), DnsblTarget.parse("127.0.0.1")};
      case IP6:
        return new DnsblTarget[] {
          DnsblTarget.parse("::ffff:7f00:2"), DnsblTarget.parse("::ffff:7f00:1")
        };
      default:
        return new DnsblTarget[] {DnsblTarget.ofDomain("test"), DnsblTarget.ofDomain("invalid")};
    }
  }

  /** One zone's queries and its result, completed when all are in or at the deadline. */
  private final class ZoneTask {
    final DnsblZone zone;
    final DnsblTarget target;
    final String queryName;
    final CompletableFuture<ZoneResult> done = new CompletableFuture<>();
    private volatile CompletableFuture<Classified> main = new CompletableFuture<>();
    private volatile CompletableFuture<Optional<String>> reason = new CompletableFuture<>();
    private volatile CompletableFuture<Classified> listedPoint = new CompletableFuture<>();
    private volatile CompletableFuture<Classified> unlistedPoint = new CompletableFuture<>();
    private volatile DnsblTarget[] points;

    ZoneTask(DnsblZone zone, DnsblTarget target) {
      this.zone = zone;
      this.target = target;
      this.queryName = target.queryName(zone.zone());
    }

    void start() {
      if (queryName.length() > DomainNames.MAX_NAME_LENGTH) {
        done.complete(
            result(
                Classified.error(
                    ErrorKind.NAME_TOO_LONG,
                    "query name longer than " + DomainNames.MAX_NAME_LENGTH + " characters"),
                Optional.empty(),
                Health.NOT_PROBED,
                ""));
        return;
      }
      main = ask(queryName).thenApply(a -> Classified.classify(zone, a));
      reason =
          main.thenCompose(
              c ->
                  c.status() == Status.LISTED && fetchReason
                      ? txt(queryName)
                      : CompletableFuture.completedFuture(Optional.empty()));
      if (healthProbe) {
        points = testPoints(target.kind());
        listedPoint =
            ask(points[0].queryName(zone.zone())).thenApply(a -> Classified.classify(zone, a));
        unlistedPoint =
            ask(points[1].queryName(zone.zone())).thenApply(a -> Classified.classify(zone, a));
      } else {
        listedPoint = CompletableFuture.completedFuture(null);
        unlistedPoint = CompletableFuture.completedFuture(null);
      }
      CompletableFuture.allOf(main, reason, listedPoint, unlistedPoint)
          .whenComplete((v, e) -> done.complete(build(false)));
    }

    void finishAtDeadline() {
      if (!done.isDone()) {
        done.complete(build(true));
      }
    }

    private ZoneResult build(boolean atDeadline) {
      Classified c = now(main);
      if (c == null) {
        c =
            Classified.error(
                ErrorKind.TIMEOUT, "no answer within " + timeout.toMillis() + " ms (the deadline)");
      }
      Health health = Health.NOT_PROBED;
      String probeNote = "";
      if (healthProbe && points != null) {
        Classified listed = now(listedPoint);
        Classified unlisted = now(unlistedPoint);
        if (listed == null || unlisted == null) {
          health = Health.INCONCLUSIVE;
          probeNote = "test points unanswered at the deadline";
        } else if (listed.status() == Status.ERROR || unlisted.status() == Status.ERROR) {
          health = Health.INCONCLUSIVE;
          probeNote =
              "test point error: "
                  + (listed.status() == Status.ERROR ? listed.detail() : unlisted.detail());
        } else if (listed.status() == Status.LISTED && unlisted.status() == Status.NOT_LISTED) {
          health = Health.PASSED;
        } else {
          health = Health.FAILED;
          probeNote =
              "test point "
                  + points[0].value()
                  + (listed.status() == Status.LISTED ? " listed" : " NOT listed")
                  + ", "
                  + points[1].value()
                  + (unlisted.status() == Status.LISTED ? " LISTED" : " not listed")
                  + ": the list is dead, lists everything, or refuses this resolver";
        }
      }
      if (health == Health.FAILED && c.status() != Status.ERROR) {
        c =
            new Classified(
                Status.ERROR,
                c.answers(),
                List.of(),
                Optional.of(ErrorKind.LIST_UNUSABLE),
                probeNote + " (its answer was: " + c.detail() + ")");
        probeNote = "";
      }
      Optional<String> txt = Optional.empty();
      if (c.status() == Status.LISTED) {
        Optional<String> r = now(reason);
        txt = r == null ? Optional.empty() : r;
        if (r == null && atDeadline) {
          probeNote = join(probeNote, "TXT reason unanswered at the deadline");
        }
      }
      return result(c, txt, health, probeNote);
    }

    private ZoneResult result(Classified c, Optional<String> txt, Health health, String note) {
      String detail = note.isEmpty() ? c.detail() : c.detail() + "; " + note;
      return new ZoneResult(
          zone, queryName, c.status(), c.answers(), c.meanings(), txt, c.error(), health, detail);
    }
  }

  private static String join(String a, String b) {
    return a.isEmpty() ? b : a + "; " + b;
  }

  /** The value of a future that completed normally, else null. */
  private static <T> T now(CompletableFuture<T> f) {
    if (!f.isDone() || f.isCompletedExceptionally()) {
      return null;
    }
    return f.join();
  }

  private CompletableFuture<Optional<String>> txt(String name) {
    return call(name, () -> dns.txt(name))
        .thenApply(
            a -> {
              if (!(a instanceof DnsAnswer.Records)) {
                return Optional.<String>empty();
              }
              StringBuilder s = new StringBuilder();
              for (TxtRecord r : a.values()) {
                if (s.length() > 0) {
                  s.append(" / ");
                }
                s.append(r.text());
                if (s.length() > MAX_REASON_LENGTH) {
                  break;
                }
              }
              String text = s.length() > MAX_REASON_LENGTH ? s.substring(0, MAX_REASON_LENGTH) : s.toString();
              return text.isBlank() ? Optional.<String>empty() : Optional.of(text);
            });
  }

  private CompletableFuture<DnsAnswer<InetAddress>> ask(String name) {
    return call(name, () -> dns.a(name));
  }

  /** One query, made safe: a client that throws, returns null or fails gives a Failure. */
  private static <T> CompletableFuture<DnsAnswer<T>> call(
      String name, Supplier<CompletionStage<DnsAnswer<T>>> query) {
    CompletionStage<DnsAnswer<T>> stage;
    try {
      stage = query.get();
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(
          new DnsAnswer.Failure<>(name, DnsAnswer.Failure.Kind.OTHER, String.valueOf(e)));
    }
    if (stage == null) {
      return CompletableFuture.completedFuture(
          new DnsAnswer.Failure<>(
              name, DnsAnswer.Failure.Kind.OTHER, "the DNS client gave no answer"));
    }
    return stage
        .toCompletableFuture()
        .handle(
            (answer, error) -> {
              if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                DnsAnswer.Failure.Kind kind =
                    cause instanceof java.util.concurrent.TimeoutException
                        ? DnsAnswer.Failure.Kind.TIMEOUT
                        : DnsAnswer.Failure.Kind.OTHER;
                return new DnsAnswer.Failure<>(name, kind, String.valueOf(cause));
              }
              if (answer == null) {
                return new DnsAnswer.Failure<>(
                    name, DnsAnswer.Failure.Kind.OTHER, "the DNS client gave a null answer");
              }
              return answer;
            });
  }

  /** Builds a {@link DnsblCheck}. Not thread-safe; {@link #build()} may be called repeatedly. */
  public static final class Builder {
    private final DnsClient dns;
    private DnsblZones zones = DnsblZones.defaults();
    private Duration timeout = DEFAULT_TIMEOUT;
    private boolean healthProbe;
    private boolean fetchReason = true;
    private Clock clock = Clock.systemUTC();
    private Executor executor;

    private Builder(DnsClient dns) {
      this.dns = Objects.requireNonNull(dns, "dns must not be null");
    }

    /** The zones to ask (default {@link DnsblZones#defaults()}). */
    public Builder zones(DnsblZones z) {
      zones = Objects.requireNonNull(z, "zones must not be null");
      return this;
    }

    /** The deadline of a whole check, all zones together (default 5 s). */
    public Builder timeout(Duration t) {
      Objects.requireNonNull(t, "timeout must not be null");
      if (t.isNegative() || t.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + t);
      }
      timeout = t;
      return this;
    }

    /** Whether to ask each zone for the RFC 5782 test points too (default false). */
    public Builder healthProbe(boolean enabled) {
      healthProbe = enabled;
      return this;
    }

    /** Whether to fetch the TXT reason of a listing (default true). */
    public Builder fetchReason(boolean enabled) {
      fetchReason = enabled;
      return this;
    }

    /** The clock for the report's start time (default the UTC system clock). */
    public Builder clock(Clock c) {
      clock = Objects.requireNonNull(c, "clock must not be null");
      return this;
    }

    /** Where the report is completed (default: the thread of the last answer or the deadline). */
    public Builder executor(Executor e) {
      executor = Objects.requireNonNull(e, "executor must not be null");
      return this;
    }

    /** The check. */
    public DnsblCheck build() {
      return new DnsblCheck(this);
    }
  }
}
