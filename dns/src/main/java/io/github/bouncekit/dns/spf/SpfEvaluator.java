package io.github.bouncekit.dns.spf;

import io.github.bouncekit.dns.DnsAnswer;
import io.github.bouncekit.dns.DnsClient;
import io.github.bouncekit.dns.MxRecord;
import io.github.bouncekit.dns.ParseResult;
import io.github.bouncekit.dns.ReverseNames;
import io.github.bouncekit.dns.SyntaxError;
import io.github.bouncekit.dns.TxtRecord;
import io.github.bouncekit.dns.internal.IpAddresses;
import io.github.bouncekit.dns.internal.SafeDns;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 7208 {@code check_host()}: evaluates a domain's SPF record for a client address, through a
 * {@link DnsClient}.
 *
 * <pre>{@code
 * SpfEvaluator spf = SpfEvaluator.builder(dnsClient).receivingDomain("mx.example.net").build();
 * InetAddress client = InetAddress.getByName("192.0.2.10");
 * SpfResult r = spf.checkSync(client, "alice@example.com", "mail.example.com");
 * r.code();        // PASS, FAIL, ... TEMPERROR, PERMERROR
 * r.reason();      // "matched ip4:192.0.2.0/24 in example.com"
 * }</pre>
 *
 * <p>What it implements: record selection (exactly one {@code v=spf1} TXT record; NXDOMAIN or no
 * record gives none; several give permerror; a failed look-up gives temperror), the domain checks
 * of §4.3, every mechanism and modifier with macros (§5-§7), the limits of §4.6.4 (DNS-querying
 * terms, void look-ups, MX and PTR names; all configurable), {@code exp=} fetched only for a fail
 * and ignored when anything about it is wrong, and IPv4-mapped IPv6 clients treated as IPv4. DNS
 * failures (time-outs, SERVFAIL, a client that throws or completes exceptionally) give temperror,
 * never none. Type SPF (99) is never queried. A whole evaluation is bounded by {@link
 * Builder#timeout(Duration)} (temperror when exceeded).
 *
 * <p>Instances are immutable and thread-safe; evaluations share nothing but the client. Senders and
 * HELO names longer than {@link #MAX_IDENTITY_LENGTH} characters give none without a query.
 */
public final class SpfEvaluator {

  /** The RFC 7208 limit of DNS-querying terms. */
  public static final int DEFAULT_LOOKUP_LIMIT = 10;

  /** The RFC 7208 recommended limit of void look-ups. */
  public static final int DEFAULT_VOID_LOOKUP_LIMIT = 2;

  /** The RFC 7208 limit of MX and PTR names looked at per mechanism. */
  public static final int DEFAULT_MX_PTR_LIMIT = 10;

  /** The default bound on a whole evaluation (RFC 7208 §4.6.4 asks for at least 20 s). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

  /** The longest sender or HELO name evaluated, in characters. */
  public static final int MAX_IDENTITY_LENGTH = 1024;

  /** Include and redirect nesting deeper than this is a permerror, whatever the limits. */
  static final int MAX_DEPTH = 50;

  private static final Logger LOG = LoggerFactory.getLogger(SpfEvaluator.class);

  private final DnsClient dns;
  private final int lookupLimit;
  private final int voidLookupLimit;
  private final int mxPtrLimit;
  private final String receivingDomain;
  private final Clock clock;
  private final Optional<MacroString> defaultExplanation;
  private final Duration timeout;

  private SpfEvaluator(Builder b) {
    this.dns = b.dns;
    this.lookupLimit = b.lookupLimit;
    this.voidLookupLimit = b.voidLookupLimit;
    this.mxPtrLimit = b.mxPtrLimit;
    this.receivingDomain = b.receivingDomain;
    this.clock = b.clock;
    this.defaultExplanation = b.defaultExplanation;
    this.timeout = b.timeout;
  }

  /**
   * A builder with the RFC 7208 defaults.
   *
   * @param dns the DNS client to query
   * @return the builder
   */
  public static Builder builder(DnsClient dns) {
    return new Builder(dns);
  }

  /**
   * The check of RFC 7208 §2.3/§2.4: the MAIL FROM identity, or {@code postmaster@helo} when MAIL
   * FROM is empty (a bounce). A MAIL FROM without local-part gets {@code postmaster}.
   *
   * @param client the SMTP client's address
   * @param mailFrom the MAIL FROM address, without or with angle brackets; {@code ""} or {@code
   *     "<>"} for the null reverse-path
   * @param helo the HELO/EHLO name
   * @return the result; the stage never completes exceptionally
   */
  public CompletionStage<SpfResult> check(InetAddress client, String mailFrom, String helo) {
    Objects.requireNonNull(client, "client must not be null");
    Objects.requireNonNull(mailFrom, "mailFrom must not be null");
    Objects.requireNonNull(helo, "helo must not be null");
    String from = mailFrom.trim();
    if (from.startsWith("<") && from.endsWith(">")) {
      from = from.substring(1, from.length() - 1);
    }
    if (from.isEmpty()) {
      return checkHost(client, helo, "postmaster@" + helo, helo);
    }
    int at = from.lastIndexOf('@');
    String domain = at < 0 ? from : from.substring(at + 1);
    return checkHost(client, domain, from, helo);
  }

  /**
   * RFC 7208 {@code check_host(ip, domain, sender)}.
   *
   * @param ip the client's address
   * @param domain the domain whose record is evaluated
   * @param sender the sender ({@code local-part@domain}; {@code postmaster} is used for a missing
   *     local-part)
   * @param helo the HELO/EHLO name, for the {@code h} macro
   * @return the result; the stage never completes exceptionally
   */
  public CompletionStage<SpfResult> checkHost(
      InetAddress ip, String domain, String sender, String helo) {
    Objects.requireNonNull(ip, "ip must not be null");
    Objects.requireNonNull(domain, "domain must not be null");
    Objects.requireNonNull(sender, "sender must not be null");
    Objects.requireNonNull(helo, "helo must not be null");
    String shownDomain = DomainNames.stripDot(domain);
    if (sender.length() > MAX_IDENTITY_LENGTH
        || helo.length() > MAX_IDENTITY_LENGTH
        || domain.length() > MAX_IDENTITY_LENGTH) {
      return CompletableFuture.completedFuture(
          new SpfResult(
              SpfResult.Code.NONE,
              shownDomain.length() > MAX_IDENTITY_LENGTH
                  ? shownDomain.substring(0, MAX_IDENTITY_LENGTH)
                  : shownDomain,
              Optional.empty(),
              Optional.empty(),
              0,
              0,
              "domain, sender or HELO name longer than " + MAX_IDENTITY_LENGTH + " characters"));
    }
    Evaluation e = new Evaluation(ip, normalizeSender(sender), helo);
    CompletableFuture<SpfResult> result;
    try {
      result = e.run(shownDomain).toCompletableFuture();
    } catch (RuntimeException ex) {
      result = CompletableFuture.failedFuture(ex);
    }
    return result
        .copy()
        .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .handle((r, ex) -> r != null ? r : e.fromError(shownDomain, ex))
        .whenComplete(
            (r, ex) -> {
              if (r != null && LOG.isDebugEnabled()) {
                LOG.debug("SPF check_host({}, {}, {}): {}", ip.getHostAddress(), domain, sender, r);
              }
            });
  }

  /**
   * {@link #check(InetAddress, String, String)}, waiting for the result (at most the timeout).
   *
   * @param client the SMTP client's address
   * @param mailFrom the MAIL FROM address, {@code ""} for the null reverse-path
   * @param helo the HELO/EHLO name
   * @return the result
   */
  public SpfResult checkSync(InetAddress client, String mailFrom, String helo) {
    return check(client, mailFrom, helo).toCompletableFuture().join();
  }

  /**
   * {@link #checkHost(InetAddress, String, String, String)}, waiting for the result (at most the
   * timeout).
   *
   * @param ip the client's address
   * @param domain the domain whose record is evaluated
   * @param sender the sender
   * @param helo the HELO/EHLO name
   * @return the result
   */
  public SpfResult checkHostSync(InetAddress ip, String domain, String sender, String helo) {
    return checkHost(ip, domain, sender, helo).toCompletableFuture().join();
  }

  private static String normalizeSender(String sender) {
    int at = sender.lastIndexOf('@');
    if (at < 0) {
      return "postmaster@" + sender;
    }
    if (at == 0) {
      return "postmaster" + sender;
    }
    return sender;
  }

  /** Builds an {@link SpfEvaluator}. Not thread-safe; the evaluator it builds is. */
  public static final class Builder {
    private final DnsClient dns;
    private int lookupLimit = DEFAULT_LOOKUP_LIMIT;
    private int voidLookupLimit = DEFAULT_VOID_LOOKUP_LIMIT;
    private int mxPtrLimit = DEFAULT_MX_PTR_LIMIT;
    private String receivingDomain = "unknown";
    private Clock clock = Clock.systemUTC();
    private Optional<MacroString> defaultExplanation = Optional.empty();
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder(DnsClient dns) {
      this.dns = Objects.requireNonNull(dns, "dns must not be null");
    }

    /**
     * The most DNS-querying terms per evaluation (default 10); one more gives permerror.
     *
     * @param limit 0-100
     * @return this builder
     */
    public Builder lookupLimit(int limit) {
      this.lookupLimit = checkRange("lookupLimit", limit, 0, 100);
      return this;
    }

    /**
     * The most void look-ups (NXDOMAIN or no records) per evaluation (default 2); one more gives
     * permerror.
     *
     * @param limit 0-100
     * @return this builder
     */
    public Builder voidLookupLimit(int limit) {
      this.voidLookupLimit = checkRange("voidLookupLimit", limit, 0, 100);
      return this;
    }

    /**
     * The most MX names per {@code mx} (more give permerror) and PTR names per {@code ptr} or
     * {@code %{p}} (the rest are ignored); default 10.
     *
     * @param limit 1-100
     * @return this builder
     */
    public Builder mxPtrLimit(int limit) {
      this.mxPtrLimit = checkRange("mxPtrLimit", limit, 1, 100);
      return this;
    }

    /**
     * The receiving host's domain, for the {@code r} macro of explanations (default {@code
     * "unknown"}).
     *
     * @param domain the domain
     * @return this builder
     */
    public Builder receivingDomain(String domain) {
      this.receivingDomain = Objects.requireNonNull(domain, "domain must not be null");
      return this;
    }

    /**
     * The clock of the {@code t} macro (default the system UTC clock).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    /**
     * The explanation of a fail when the record has no usable {@code exp=} (default none): an
     * explanation macro-string such as {@code "%{i} is not one of %{d}'s designated mail servers"}.
     *
     * @param explanation the macro-string
     * @return this builder
     * @throws IllegalArgumentException if it is not a valid explanation string
     */
    public Builder defaultExplanation(String explanation) {
      Objects.requireNonNull(explanation, "explanation must not be null");
      this.defaultExplanation =
          Optional.of(
              MacroString.parse(explanation, MacroString.Context.EXPLANATION).orElseThrow());
      return this;
    }

    /**
     * The bound on a whole evaluation (default 20 s); when exceeded the result is temperror.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout must not be null");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** The evaluator. */
    public SpfEvaluator build() {
      return new SpfEvaluator(this);
    }

    private static int checkRange(String name, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(name + " must be " + min + "-" + max + ", was " + value);
      }
      return value;
    }
  }

  /** A permerror or temperror that ends the evaluation. */
  private static final class Abort extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final SpfResult.Code code;
    final transient Optional<String> term;

    Abort(SpfResult.Code code, String reason, String term) {
      super(reason, null, false, false);
      this.code = code;
      this.term = Optional.ofNullable(term);
    }
  }

  /**
   * How one {@code check_host()} ended: the record and domain that decided (for {@code exp=}), null
   * for none.
   */
  private static final class Outcome {
    final SpfResult.Code code;
    final Optional<String> mechanism;
    final String reason;
    final SpfRecord record;
    final String domain;

    Outcome(
        SpfResult.Code code,
        Optional<String> mechanism,
        String reason,
        SpfRecord record,
        String domain) {
      this.code = code;
      this.mechanism = mechanism;
      this.reason = reason;
      this.record = record;
      this.domain = domain;
    }

    static Outcome none(String reason) {
      return new Outcome(SpfResult.Code.NONE, Optional.empty(), reason, null, null);
    }
  }

  /** The state of one evaluation: counters and the {@code p} cache. Used sequentially. */
  private final class Evaluation {
    private final InetAddress ip;
    private final byte[] ipBytes;
    private final boolean v4;
    private final MacroExpander.Variables variables;
    private volatile int lookups;
    private volatile int voids;
    private CompletableFuture<List<String>> validatedNames;

    Evaluation(InetAddress ip, String sender, String helo) {
      this.ip = IpAddresses.normalize(ip);
      this.ipBytes = IpAddresses.bytes(ip);
      this.v4 = ipBytes.length == 4;
      this.variables =
          MacroExpander.Variables.of(this.ip, sender, helo)
              .withReceivingDomain(receivingDomain)
              .withTimestamp(clock.instant().getEpochSecond());
    }

    CompletionStage<SpfResult> run(String domain) {
      return checkHost(domain, 0)
          .thenCompose(
              outcome ->
                  explanation(outcome)
                      .thenApply(
                          exp ->
                              new SpfResult(
                                  outcome.code,
                                  domain,
                                  exp,
                                  outcome.mechanism,
                                  lookups,
                                  voids,
                                  outcome.reason)));
    }

    SpfResult fromError(String domain, Throwable error) {
      Throwable cause = error;
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof Abort) {
        Abort a = (Abort) cause;
        return new SpfResult(
            a.code, domain, Optional.empty(), a.term, lookups, voids, a.getMessage());
      }
      String reason =
          cause instanceof TimeoutException
              ? "SPF evaluation took longer than " + timeout
              : "internal error: " + cause;
      if (!(cause instanceof TimeoutException)) {
        LOG.warn("SPF evaluation for {} failed unexpectedly", domain, cause);
      }
      return new SpfResult(
          SpfResult.Code.TEMPERROR,
          domain,
          Optional.empty(),
          Optional.empty(),
          lookups,
          voids,
          reason);
    }

    // ---- check_host() and record selection ------------------------------------------------

    private CompletionStage<Outcome> checkHost(String domain, int depth) {
      Optional<String> problem = DomainNames.checkableProblem(domain);
      if (problem.isPresent()) {
        return done(Outcome.none("no checkable domain: " + problem.get()));
      }
      String name = DomainNames.stripDot(domain);
      if (depth > MAX_DEPTH) {
        throw new Abort(
            SpfResult.Code.PERMERROR,
            "include and redirect nested deeper than " + MAX_DEPTH + " at " + name,
            null);
      }
      return SafeDns.txt(dns, name).thenCompose(answer -> selectRecord(answer, name, depth));
    }

    private CompletionStage<Outcome> selectRecord(
        DnsAnswer<TxtRecord> answer, String name, int depth) {
      if (answer instanceof DnsAnswer.Failure) {
        throw new Abort(
            SpfResult.Code.TEMPERROR, SafeDns.describe((DnsAnswer.Failure<?>) answer, "TXT"), null);
      }
      if (answer instanceof DnsAnswer.NxDomain) {
        return done(Outcome.none("no SPF record: " + name + " does not exist"));
      }
      List<String> spf = new ArrayList<>();
      for (TxtRecord txt : answer.values()) {
        String text = txt.text();
        if (SpfRecord.isSpfRecord(text)) {
          spf.add(text);
        }
      }
      if (spf.isEmpty()) {
        return done(Outcome.none("no SPF record at " + name));
      }
      if (spf.size() > 1) {
        throw new Abort(
            SpfResult.Code.PERMERROR,
            spf.size() + " SPF records at " + name + " (one allowed)",
            null);
      }
      String text = spf.get(0);
      ParseResult<SpfRecord> parsed = SpfRecord.parse(text);
      if (parsed.error().isPresent()) {
        SyntaxError e = parsed.error().get();
        throw new Abort(
            SpfResult.Code.PERMERROR,
            "syntax error in the SPF record of "
                + name
                + " at position "
                + e.position()
                + ": "
                + e.message(),
            termAt(text, e.position()));
      }
      return evaluate(parsed.value().orElseThrow(), name, depth);
    }

    // ---- directives -----------------------------------------------------------------------

    private CompletionStage<Outcome> evaluate(SpfRecord record, String domain, int depth) {
      return iterate(record, record.directives(), 0, domain, depth);
    }

    private CompletionStage<Outcome> iterate(
        SpfRecord record,
        List<SpfRecord.Directive> directives,
        int from,
        String domain,
        int depth) {
      for (int i = from; i < directives.size(); i++) {
        SpfRecord.Directive d = directives.get(i);
        switch (d.mechanism()) {
          case ALL:
            return done(matched(d, record, domain));
          case IP4:
          case IP6:
            if (matchesNetwork(d)) {
              return done(matched(d, record, domain));
            }
            continue;
          default:
            int next = i + 1;
            return matchesWithDns(d, domain, depth)
                .thenCompose(
                    m ->
                        m
                            ? done(matched(d, record, domain))
                            : iterate(record, directives, next, domain, depth));
        }
      }
      Optional<SpfRecord.Modifier> redirect = record.redirect();
      if (redirect.isPresent()) {
        return redirect(redirect.get(), domain, depth);
      }
      return done(
          new Outcome(
              SpfResult.Code.NEUTRAL,
              Optional.empty(),
              "no mechanism matched in " + domain + " (default neutral)",
              record,
              domain));
    }

    private Outcome matched(SpfRecord.Directive d, SpfRecord record, String domain) {
      return new Outcome(
          d.qualifier().result(),
          Optional.of(d.text()),
          "matched " + d.text() + " in " + domain,
          record,
          domain);
    }

    private boolean matchesNetwork(SpfRecord.Directive d) {
      byte[] network = d.network().orElseThrow().getAddress();
      if (d.mechanism() == SpfRecord.Mechanism.IP4) {
        return v4 && IpAddresses.matches(ipBytes, network, d.ip4Prefix());
      }
      return !v4 && network.length == 16 && IpAddresses.matches(ipBytes, network, d.ip6Prefix());
    }

    private CompletionStage<Boolean> matchesWithDns(
        SpfRecord.Directive d, String domain, int depth) {
      count(d.text(), domain);
      return target(d.domainSpec(), domain, d.text())
          .thenCompose(
              target -> {
                switch (d.mechanism()) {
                  case INCLUDE:
                    return include(d, target, depth);
                  case A:
                    return a(d, target, domain);
                  case MX:
                    return mx(d, target, domain);
                  case PTR:
                    return ptr(d, target, domain);
                  case EXISTS:
                    return exists(d, target, domain);
                  default:
                    throw new AssertionError(d.mechanism());
                }
              });
    }

    private CompletionStage<Boolean> include(SpfRecord.Directive d, String target, int depth) {
      return checkHost(target, depth + 1)
          .thenApply(
              inner -> {
                switch (inner.code) {
                  case PASS:
                    return true;
                  case FAIL:
                  case SOFTFAIL:
                  case NEUTRAL:
                    return false;
                  default: // NONE; the errors arrive as Abort
                    throw new Abort(
                        SpfResult.Code.PERMERROR,
                        d.text() + " gives none (" + inner.reason + "), a permerror",
                        d.text());
                }
              });
    }

    private CompletionStage<Boolean> a(SpfRecord.Directive d, String target, String domain) {
      if (unqueryable(target)) {
        return done(false);
      }
      return SafeDns.address(dns, target, v4)
          .thenApply(answer -> matchesAny(answer, d, domain, v4 ? "A" : "AAAA", true));
    }

    private CompletionStage<Boolean> mx(SpfRecord.Directive d, String target, String domain) {
      if (unqueryable(target)) {
        return done(false);
      }
      return SafeDns.mx(dns, target)
          .thenCompose(
              answer -> {
                if (answer instanceof DnsAnswer.Failure) {
                  throw temperror((DnsAnswer.Failure<?>) answer, "MX", d.text());
                }
                if (!(answer instanceof DnsAnswer.Records)) {
                  voidLookup(d.text(), domain);
                  return done(false);
                }
                List<MxRecord> records = answer.values();
                if (records.size() > mxPtrLimit) {
                  throw new Abort(
                      SpfResult.Code.PERMERROR,
                      "too many MX records for "
                          + target
                          + " ("
                          + records.size()
                          + " > "
                          + mxPtrLimit
                          + ") at "
                          + d.text()
                          + " in "
                          + domain,
                      d.text());
                }
                List<String> hosts = new ArrayList<>();
                for (MxRecord mx : records) {
                  String host = DomainNames.stripDot(mx.exchange());
                  if (!mx.isNullMx() && !host.isEmpty()) {
                    hosts.add(host);
                  }
                }
                return mxHosts(d, hosts, 0, domain);
              });
    }

    private CompletionStage<Boolean> mxHosts(
        SpfRecord.Directive d, List<String> hosts, int index, String domain) {
      if (index >= hosts.size()) {
        return done(false);
      }
      String host = hosts.get(index);
      if (unqueryable(host)) {
        return mxHosts(d, hosts, index + 1, domain);
      }
      return SafeDns.address(dns, host, v4)
          .thenCompose(
              answer ->
                  matchesAny(answer, d, domain, v4 ? "A" : "AAAA", false)
                      ? done(true)
                      : mxHosts(d, hosts, index + 1, domain));
    }

    private CompletionStage<Boolean> ptr(SpfRecord.Directive d, String target, String domain) {
      if (unqueryable(target)) {
        return done(false);
      }
      return SafeDns.ptr(dns, ReverseNames.of(ip))
          .thenCompose(
              answer -> {
                if (answer instanceof DnsAnswer.Failure) {
                  return done(false); // §5.5: a PTR look-up error is no match
                }
                if (!(answer instanceof DnsAnswer.Records)) {
                  voidLookup(d.text(), domain);
                  return done(false);
                }
                List<String> names = answer.values();
                List<String> candidates = new ArrayList<>();
                for (String n : names.subList(0, Math.min(names.size(), mxPtrLimit))) {
                  String name = DomainNames.stripDot(n);
                  if (DomainNames.isSameOrSubdomain(name, target)) {
                    candidates.add(name);
                  }
                }
                return anyConfirmed(candidates, 0);
              });
    }

    private CompletionStage<Boolean> anyConfirmed(List<String> names, int index) {
      if (index >= names.size()) {
        return done(false);
      }
      return forwardConfirmed(names.get(index))
          .thenCompose(ok -> ok ? done(true) : anyConfirmed(names, index + 1));
    }

    /** True when the name has an address record of the client's family equal to the client. */
    private CompletionStage<Boolean> forwardConfirmed(String name) {
      if (unqueryable(name)) {
        return done(false);
      }
      return SafeDns.address(dns, name, v4)
          .thenApply(
              answer -> {
                // §5.5: an error in the address look-up skips the name.
                for (InetAddress a : answer.values()) {
                  if (Arrays.equals(IpAddresses.bytes(a), ipBytes)) {
                    return true;
                  }
                }
                return false;
              });
    }

    private CompletionStage<Boolean> exists(SpfRecord.Directive d, String target, String domain) {
      if (unqueryable(target)) {
        return done(false);
      }
      return SafeDns.address(dns, target, true)
          .thenApply(
              answer -> {
                if (answer instanceof DnsAnswer.Failure) {
                  throw temperror((DnsAnswer.Failure<?>) answer, "A", d.text());
                }
                if (!(answer instanceof DnsAnswer.Records)) {
                  voidLookup(d.text(), domain);
                  return false;
                }
                return true;
              });
    }

    /** The address-matching of {@code a} and {@code mx}; a failure is a temperror. */
    private boolean matchesAny(
        DnsAnswer<InetAddress> answer,
        SpfRecord.Directive d,
        String domain,
        String type,
        boolean countVoid) {
      if (answer instanceof DnsAnswer.Failure) {
        throw temperror((DnsAnswer.Failure<?>) answer, type, d.text());
      }
      if (!(answer instanceof DnsAnswer.Records)) {
        if (countVoid) {
          voidLookup(d.text(), domain);
        }
        return false;
      }
      int prefix = v4 ? d.ip4Prefix() : d.ip6Prefix();
      for (InetAddress a : answer.values()) {
        byte[] b = v4 ? IpAddresses.bytes(a) : a.getAddress();
        if (IpAddresses.matches(ipBytes, b, prefix)) {
          return true;
        }
      }
      return false;
    }

    // ---- redirect ---------------------------------------------------------------------------

    private CompletionStage<Outcome> redirect(
        SpfRecord.Modifier redirect, String domain, int depth) {
      count(redirect.text(), domain);
      return target(Optional.of(redirect.value()), domain, redirect.text())
          .thenCompose(target -> checkHost(target, depth + 1))
          .thenApply(
              inner -> {
                if (inner.code == SpfResult.Code.NONE) {
                  throw new Abort(
                      SpfResult.Code.PERMERROR,
                      redirect.text()
                          + " in "
                          + domain
                          + " gives none ("
                          + inner.reason
                          + "), a permerror",
                      redirect.text());
                }
                return new Outcome(
                    inner.code,
                    inner.mechanism,
                    inner.reason + " (redirected from " + domain + ")",
                    inner.record,
                    inner.domain);
              });
    }

    // ---- targets, p, limits -----------------------------------------------------------------

    /** The expanded target name (the current domain when there is no domain-spec). */
    private CompletionStage<String> target(Optional<MacroString> spec, String domain, String term) {
      if (spec.isEmpty()) {
        return done(domain);
      }
      MacroString ms = spec.get();
      MacroExpander.Variables vars = variables.withDomain(domain);
      if (!ms.uses('p')) {
        return done(MacroExpander.expandDomain(ms, vars));
      }
      return validatedDomain(domain, term)
          .thenApply(p -> MacroExpander.expandDomain(ms, vars.withValidatedDomain(p)));
    }

    /**
     * The {@code p} value for the current domain. The PTR look-up counts as a DNS-querying term
     * (§4.6.4) when {@code term} is not null; it is done once per evaluation.
     */
    private CompletionStage<String> validatedDomain(String domain, String term) {
      if (validatedNames == null) {
        if (term != null) {
          count(term + " (%{p})", domain);
        }
        validatedNames = validatedNames().toCompletableFuture();
      }
      return validatedNames.thenApply(names -> choose(names, domain));
    }

    private CompletionStage<List<String>> validatedNames() {
      return SafeDns.ptr(dns, ReverseNames.of(ip))
          .thenCompose(
              answer -> {
                List<String> names = new ArrayList<>();
                List<String> values = answer.values();
                for (String n : values.subList(0, Math.min(values.size(), mxPtrLimit))) {
                  names.add(DomainNames.stripDot(n));
                }
                return confirmAll(names, 0, new ArrayList<>());
              });
    }

    private CompletionStage<List<String>> confirmAll(
        List<String> names, int index, List<String> confirmed) {
      if (index >= names.size()) {
        return done(List.copyOf(confirmed));
      }
      String name = names.get(index);
      return forwardConfirmed(name)
          .thenCompose(
              ok -> {
                if (ok) {
                  confirmed.add(name);
                }
                return confirmAll(names, index + 1, confirmed);
              });
    }

    private String choose(List<String> names, String domain) {
      if (names.isEmpty()) {
        return "unknown";
      }
      String d = DomainNames.canonical(domain);
      for (String n : names) {
        if (DomainNames.canonical(n).equals(d)) {
          return n;
        }
      }
      for (String n : names) {
        if (DomainNames.isSameOrSubdomain(n, domain)) {
          return n;
        }
      }
      return names.get(0);
    }

    private boolean unqueryable(String name) {
      Optional<String> problem = DomainNames.queryProblem(name);
      if (problem.isPresent()) {
        LOG.debug("SPF: not querying '{}': {}", name, problem.get());
        return true;
      }
      return false;
    }

    private void count(String term, String domain) {
      int n = ++lookups;
      if (n > lookupLimit) {
        throw new Abort(
            SpfResult.Code.PERMERROR,
            "too many DNS lookups (" + n + " > " + lookupLimit + ") at " + term + " in " + domain,
            term);
      }
    }

    private void voidLookup(String term, String domain) {
      int n = ++voids;
      if (n > voidLookupLimit) {
        throw new Abort(
            SpfResult.Code.PERMERROR,
            "too many void DNS lookups ("
                + n
                + " > "
                + voidLookupLimit
                + ") at "
                + term
                + " in "
                + domain,
            term);
      }
    }

    private Abort temperror(DnsAnswer.Failure<?> failure, String type, String term) {
      return new Abort(SpfResult.Code.TEMPERROR, SafeDns.describe(failure, type), term);
    }

    // ---- explanation ------------------------------------------------------------------------

    private CompletionStage<Optional<String>> explanation(Outcome outcome) {
      if (outcome.code != SpfResult.Code.FAIL) {
        return done(Optional.empty());
      }
      Optional<SpfRecord.Modifier> exp =
          outcome.record == null ? Optional.empty() : outcome.record.explanation();
      CompletionStage<Optional<String>> fromRecord =
          exp.isPresent()
              ? fetchExplanation(exp.get().value(), outcome.domain)
              : done(Optional.empty());
      return fromRecord
          .thenCompose(
              e ->
                  e.isPresent() || defaultExplanation.isEmpty()
                      ? done(e)
                      : expandExplanation(defaultExplanation.get(), outcome.domain))
          .exceptionally(ex -> Optional.empty());
    }

    /** §6.2: any problem (DNS, no or several records, syntax) means no explanation. */
    private CompletionStage<Optional<String>> fetchExplanation(MacroString spec, String domain) {
      return target(Optional.of(spec), domain, null)
          .thenCompose(
              target -> {
                if (unqueryable(target)) {
                  return done(Optional.<String>empty());
                }
                return SafeDns.txt(dns, target)
                    .thenCompose(
                        answer -> {
                          if (!(answer instanceof DnsAnswer.Records)
                              || answer.values().size() != 1) {
                            return done(Optional.<String>empty());
                          }
                          ParseResult<MacroString> text =
                              MacroString.parse(
                                  answer.values().get(0).text(), MacroString.Context.EXPLANATION);
                          if (text.error().isPresent()) {
                            return done(Optional.<String>empty());
                          }
                          return expandExplanation(text.value().orElseThrow(), domain);
                        });
              });
    }

    private CompletionStage<Optional<String>> expandExplanation(MacroString text, String domain) {
      MacroExpander.Variables vars = variables.withDomain(domain);
      if (!text.uses('p')) {
        return done(Optional.of(MacroExpander.expand(text, vars)));
      }
      return validatedDomain(domain, null)
          .thenApply(p -> Optional.of(MacroExpander.expand(text, vars.withValidatedDomain(p))));
    }
  }

  /** The term of {@code text} around {@code position}, for error results. */
  static String termAt(String text, int position) {
    int start = Math.min(position, text.length());
    while (start > 0 && text.charAt(start - 1) != ' ') {
      start--;
    }
    int end = position;
    while (end < text.length() && text.charAt(end) != ' ') {
      end++;
    }
    String term = text.substring(start, Math.max(start, end));
    return term.isEmpty() ? null : term;
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
