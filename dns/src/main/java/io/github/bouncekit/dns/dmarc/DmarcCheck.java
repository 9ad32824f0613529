package io.github.bouncekit.dns.dmarc;

import io.github.bouncekit.dns.DnsAnswer;
import io.github.bouncekit.dns.DnsClient;
import io.github.bouncekit.dns.TxtRecord;
import io.github.bouncekit.dns.internal.SafeDns;
import java.net.IDN;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * DMARC through a {@link DnsClient}: policy discovery, the Organizational Domain, identifier
 * alignment and the DMARC result, and the authorisation of external report destinations.
 *
 * <pre>{@code
 * DmarcCheck dmarc = DmarcCheck.builder(dnsClient).build();          // RFC 9989, build once
 * DmarcPolicyResult p = dmarc.policySync("mail.example.com");
 * p.status();          // FOUND, NONE, TEMPERROR, PERMERROR
 * p.policyDomain();    // Optional[example.com]
 * p.appliedPolicy();   // Optional[QUARANTINE]: what a failing message gets
 * DmarcResult r = dmarc.evaluateSync("mail.example.com", List.of("bounces.example.com"), List.of());
 * r.verdict();         // PASS: the SPF domain aligns (relaxed)
 * }</pre>
 *
 * <p><b>Discovery, RFC 9989</b> (the default): the DNS tree walk. {@code _dmarc.<From domain>} is
 * asked first; then, for a name of 8 or more labels, its last 7 labels, and from there one label
 * less at a time down to the top-level domain: at most 8 queries. At each name the TXT records that
 * start with {@code v=DMARC1} count; several at one name are discarded and the walk goes on. The
 * first record found is the policy record. The Organizational Domain comes from the same walk,
 * continued upwards: the domain of a record with {@code psd=n}; else the domain one label below a
 * record with {@code psd=y} (other than the From domain's own); else the domain with the fewest
 * labels that has a record; else the From domain itself.
 *
 * <p><b>Discovery, RFC 7489</b>: {@code _dmarc.<From domain>}, then, if it has no DMARC record,
 * {@code _dmarc.<Organizational Domain>}, the registrable domain by the {@link PublicSuffixList}.
 * Several records at the first name end discovery (no policy).
 *
 * <p><b>The policy applied</b> to a failing message: {@code p} when the record is the From domain's
 * own, else {@code sp} (default {@code p}); under RFC 9989, {@code np} (default {@code sp}) when the
 * record has an {@code np} that differs and the From domain does not exist (A, AAAA and MX all
 * NXDOMAIN or no data; three more queries); and with {@code t=y}, one level weaker. A record that
 * asks for no processing (no valid policy and no valid {@code rua}) gives {@link
 * DmarcPolicyResult.Status#NONE}; a record with a tag given twice gives {@link
 * DmarcPolicyResult.Status#PERMERROR}.
 *
 * <p><b>Alignment</b>: strict when the domains are equal (case-insensitive), relaxed when their
 * Organizational Domains are equal, found as above (so under RFC 9989 relaxed alignment of a domain
 * from another tree costs its own walk).
 *
 * <p>DNS failures give TEMPERROR, never "no record". Each call is bounded by {@link
 * Builder#timeout(Duration)}; answers are shared within one call only (the client may cache).
 * Instances are immutable and thread-safe. From domains may be given in Unicode (converted with
 * {@link IDN#toASCII(String)}); a name that is no domain name gives PERMERROR.
 */
public final class DmarcCheck {

  /** The default bound on one call. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  /** The most names the RFC 9989 tree walk asks for. */
  public static final int MAX_WALK_QUERIES = 8;

  /** The longest domain name accepted, in characters, without the trailing dot. */
  public static final int MAX_NAME_LENGTH = 253;

  /** The most {@code rua} plus {@code ruf} destinations checked by {@link #authorizeReports}. */
  public static final int MAX_REPORT_DESTINATIONS = 20;

  private final DnsClient dns;
  private final DmarcMode mode;
  private final PublicSuffixList psl;
  private final Duration timeout;

  private DmarcCheck(Builder b) {
    this.dns = b.dns;
    this.mode = b.mode;
    this.psl = b.psl;
    this.timeout = b.timeout;
  }

  /**
   * A builder: RFC 9989 mode, the bundled Public Suffix List (used in RFC 7489 mode only), a
   * time-out of {@link #DEFAULT_TIMEOUT}.
   *
   * @param dns the DNS client to query
   * @return the builder
   */
  public static Builder builder(DnsClient dns) {
    return new Builder(dns);
  }

  /** The specification followed. */
  public DmarcMode mode() {
    return mode;
  }

  /**
   * Policy discovery for a From domain.
   *
   * @param fromDomain the RFC 5322.From domain
   * @return the result; the stage never completes exceptionally
   */
  public CompletionStage<DmarcPolicyResult> policy(String fromDomain) {
    Objects.requireNonNull(fromDomain, "fromDomain must not be null");
    Optional<String> name = normalize(fromDomain);
    if (name.isEmpty()) {
      return CompletableFuture.completedFuture(badDomain(fromDomain));
    }
    Session s = new Session();
    return bounded(s.policy(name.get()), why -> s.failed(name.get(), why));
  }

  /**
   * The DMARC result for a message.
   *
   * @param fromDomain the RFC 5322.From domain
   * @param spfDomains the domains SPF authenticated (MAIL FROM or HELO domains with an SPF pass)
   * @param dkimDomains the {@code d=} domains of DKIM signatures that verified
   * @return the result; the stage never completes exceptionally
   */
  public CompletionStage<DmarcResult> evaluate(
      String fromDomain, Collection<String> spfDomains, Collection<String> dkimDomains) {
    Objects.requireNonNull(fromDomain, "fromDomain must not be null");
    List<String> spf = noNulls(spfDomains, "spfDomains");
    List<String> dkim = noNulls(dkimDomains, "dkimDomains");
    Optional<String> name = normalize(fromDomain);
    if (name.isEmpty()) {
      DmarcPolicyResult p = badDomain(fromDomain);
      return CompletableFuture.completedFuture(
          new DmarcResult(
              DmarcResult.Verdict.PERMERROR,
              p,
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              p.reason()));
    }
    Session s = new Session();
    CompletableFuture<DmarcResult> r =
        s.policy(name.get()).thenCompose(p -> s.evaluate(p, spf, dkim));
    return bounded(
        r,
        why -> {
          DmarcPolicyResult p = s.failed(name.get(), why);
          return new DmarcResult(
              DmarcResult.Verdict.TEMPERROR,
              p,
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              p.reason());
        });
  }

  /**
   * Checks the external report destinations of a discovered policy record: each {@code rua} and
   * {@code ruf} mailbox whose domain has another Organizational Domain than the policy domain needs
   * the record {@code <policy-domain>._report._dmarc.<destination-domain>} starting with {@code
   * v=DMARC1}. At most {@link #MAX_REPORT_DESTINATIONS} destinations are checked.
   *
   * @param policy a discovery result; without a record, the list is empty
   * @return one entry per destination, in record order; the stage never completes exceptionally
   */
  public CompletionStage<List<ReportAuthorization>> authorizeReports(DmarcPolicyResult policy) {
    Objects.requireNonNull(policy, "policy must not be null");
    if (policy.record().isEmpty() || policy.policyDomain().isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    DmarcRecord record = policy.record().get();
    String policyDomain = policy.policyDomain().get();
    List<String> tags = new ArrayList<>();
    List<DmarcRecord.ReportUri> uris = new ArrayList<>();
    for (DmarcRecord.ReportUri uri : record.aggregateReports()) {
      tags.add("rua");
      uris.add(uri);
    }
    for (DmarcRecord.ReportUri uri : record.failureReports()) {
      tags.add("ruf");
      uris.add(uri);
    }
    int n = Math.min(uris.size(), MAX_REPORT_DESTINATIONS);
    Session s = new Session();
    List<CompletableFuture<ReportAuthorization>> checks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      checks.add(s.authorize(policyDomain, uris.get(i), tags.get(i)));
    }
    CompletableFuture<List<ReportAuthorization>> all =
        CompletableFuture.allOf(checks.toArray(new CompletableFuture<?>[0]))
            .thenApply(
                v -> {
                  List<ReportAuthorization> out = new ArrayList<>();
                  for (CompletableFuture<ReportAuthorization> c : checks) {
                    out.add(c.join());
                  }
                  return List.copyOf(out);
                });
    return bounded(
        all,
        why -> {
          // The answers that came in time, and a temporary error for the others.
          List<ReportAuthorization> out = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            CompletableFuture<ReportAuthorization> c = checks.get(i);
            out.add(
                c.isDone() && !c.isCompletedExceptionally()
                    ? c.join()
                    : new ReportAuthorization(
                        uris.get(i),
                        tags.get(i),
                        ReportAuthorization.Status.TEMPERROR,
                        reportName(policyDomain, uris.get(i).domain()),
                        why));
          }
          return List.copyOf(out);
        });
  }

  /**
   * {@link #policy(String)}, waited for (at most the time-out).
   *
   * @param fromDomain the From domain
   * @return the result
   */
  public DmarcPolicyResult policySync(String fromDomain) {
    return policy(fromDomain).toCompletableFuture().join();
  }

  /**
   * {@link #evaluate(String, Collection, Collection)}, waited for (at most the time-out).
   *
   * @param fromDomain the From domain
   * @param spfDomains the SPF-authenticated domains
   * @param dkimDomains the DKIM-authenticated domains
   * @return the result
   */
  public DmarcResult evaluateSync(
      String fromDomain, Collection<String> spfDomains, Collection<String> dkimDomains) {
    return evaluate(fromDomain, spfDomains, dkimDomains).toCompletableFuture().join();
  }

  /**
   * The stage bounded by the time-out; past it, or should a stage fail (a bug), the fallback built
   * from the reason.
   */
  private <T> CompletionStage<T> bounded(CompletableFuture<T> stage, Function<String, T> fallback) {
    return stage
        .copy()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (r, e) -> {
              if (r != null) {
                return r;
              }
              Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
              return fallback.apply(
                  cause instanceof TimeoutException
                      ? "no complete answer within " + timeout.toMillis() + " ms"
                      : "internal error: " + cause);
            });
  }

  private static List<String> noNulls(Collection<String> domains, String what) {
    Objects.requireNonNull(domains, what + " must not be null");
    for (String d : domains) {
      Objects.requireNonNull(d, what + " must not contain null");
    }
    return List.copyOf(domains);
  }

  private DmarcPolicyResult badDomain(String given) {
    String shown = given.length() > 80 ? given.substring(0, 80) + "..." : given;
    return new DmarcPolicyResult(
        DmarcPolicyResult.Status.PERMERROR,
        mode,
        shown,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        List.of(),
        "'" + shown + "' is not a domain name");
  }

  /** Lower case, ASCII, no trailing dot, checked lengths; empty when it is no domain name. */
  static Optional<String> normalize(String domain) {
    String d = domain.trim();
    if (d.endsWith(".")) {
      d = d.substring(0, d.length() - 1);
    }
    if (d.isEmpty() || d.length() > 4 * MAX_NAME_LENGTH) {
      return Optional.empty();
    }
    for (int i = 0; i < d.length(); i++) {
      if (d.charAt(i) >= 0x80) {
        try {
          d = IDN.toASCII(d, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
          return Optional.empty();
        }
        break;
      }
    }
    d = d.toLowerCase(Locale.ROOT);
    if (d.length() > MAX_NAME_LENGTH) {
      return Optional.empty();
    }
    int label = 0;
    for (int i = 0; i < d.length(); i++) {
      char c = d.charAt(i);
      if (c == '.') {
        if (label == 0) {
          return Optional.empty();
        }
        label = 0;
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
        if (++label > 63) {
          return Optional.empty();
        }
      } else {
        return Optional.empty();
      }
    }
    return label == 0 ? Optional.empty() : Optional.of(d);
  }

  /** The names the RFC 9989 tree walk asks for, in order. */
  static List<String> walkTargets(String domain) {
    List<String> labels = List.of(domain.split("\\.", -1));
    int n = labels.size();
    List<String> out = new ArrayList<>();
    out.add(domain);
    int next = n >= MAX_WALK_QUERIES ? MAX_WALK_QUERIES - 1 : n - 1;
    for (int k = next; k >= 1; k--) {
      out.add(String.join(".", labels.subList(n - k, n)));
    }
    return out;
  }

  private static int labelCount(String domain) {
    int n = 1;
    for (int i = 0; i < domain.length(); i++) {
      if (domain.charAt(i) == '.') {
        n++;
      }
    }
    return n;
  }

  /** The last {@code k} labels of a domain. */
  private static String lastLabels(String domain, int k) {
    int n = labelCount(domain);
    int i = 0;
    for (int skip = n - k; skip > 0; skip--) {
      i = domain.indexOf('.', i) + 1;
    }
    return domain.substring(i);
  }

  private static boolean isSubdomain(String name, String of) {
    return name.endsWith("." + of);
  }

  static String reportName(String policyDomain, String destinationDomain) {
    return policyDomain + "._report._dmarc." + destinationDomain;
  }

  /** What one {@code _dmarc} name holds. */
  private static final class Level {
    final String domain;
    final Optional<DnsAnswer.Failure<TxtRecord>> failure;
    final List<DmarcParseResult> records; // the DMARC records (v=DMARC1) only

    Level(String domain, Optional<DnsAnswer.Failure<TxtRecord>> failure, List<DmarcParseResult> records) {
      this.domain = domain;
      this.failure = failure;
      this.records = records;
    }

    /** The single DMARC record, when there is exactly one. */
    Optional<DmarcParseResult> single() {
      return records.size() == 1 ? Optional.of(records.get(0)) : Optional.empty();
    }

    /** The single usable record. */
    Optional<DmarcRecord> valid() {
      return single().flatMap(DmarcParseResult::record);
    }
  }

  /** The Organizational Domain, or the failure that prevented finding it. */
  private static final class Org {
    final Optional<String> domain;
    final Optional<String> failure;

    Org(Optional<String> domain, Optional<String> failure) {
      this.domain = domain;
      this.failure = failure;
    }
  }

  /** An aligned domain, or none, or why it could not be decided. */
  private static final class Aligned {
    static final Aligned NO = new Aligned(Optional.empty(), Optional.empty());

    final Optional<String> domain;
    final Optional<String> undecided;

    Aligned(Optional<String> domain, Optional<String> undecided) {
      this.domain = domain;
      this.undecided = undecided;
    }

    static Aligned yes(String domain) {
      return new Aligned(Optional.of(domain), Optional.empty());
    }
  }

  /** One call: its shared answers and the names asked for. */
  private final class Session {
    private final ConcurrentHashMap<String, CompletableFuture<Level>> levels =
        new ConcurrentHashMap<>();
    private final List<String> queried = Collections.synchronizedList(new ArrayList<>());
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());

    CompletableFuture<Level> level(String domain) {
      return levels.computeIfAbsent(domain, this::fetch);
    }

    private CompletableFuture<Level> fetch(String domain) {
      String name = "_dmarc." + domain;
      queried.add(name);
      return safe(name, () -> dns.txt(name))
          .thenApply(
              answer -> {
                if (answer.failure().isPresent()) {
                  return new Level(domain, answer.failure(), List.of());
                }
                List<DmarcParseResult> records = new ArrayList<>();
                for (TxtRecord txt : answer.values()) {
                  DmarcParseResult r = DmarcRecord.parse(txt.text(), mode);
                  if (r.isDmarcRecord()) {
                    records.add(r);
                  }
                }
                if (records.size() > 1) {
                  note(name + ": " + records.size() + " DMARC records, all discarded");
                }
                return new Level(domain, Optional.empty(), List.copyOf(records));
              });
    }

    private void note(String text) {
      synchronized (notes) {
        if (!notes.contains(text)) {
          notes.add(text);
        }
      }
    }

    List<String> queriedSnapshot() {
      synchronized (queried) {
        return List.copyOf(queried);
      }
    }

    List<String> notesSnapshot() {
      synchronized (notes) {
        return List.copyOf(notes);
      }
    }

    DmarcPolicyResult failed(String domain, String why) {
      return result(DmarcPolicyResult.Status.TEMPERROR, domain, Optional.empty(), why);
    }

    private DmarcPolicyResult result(
        DmarcPolicyResult.Status status, String domain, Optional<String> org, String reason) {
      return new DmarcPolicyResult(
          status,
          mode,
          domain,
          Optional.empty(),
          Optional.empty(),
          org,
          Optional.empty(),
          Optional.empty(),
          queriedSnapshot(),
          notesSnapshot(),
          reason);
    }

    // ------------------------------------------------------------------------------------------
    // Policy discovery

    CompletableFuture<DmarcPolicyResult> policy(String domain) {
      return mode == DmarcMode.RFC9989 ? walkPolicy(domain, walkTargets(domain), 0) : rfc7489(domain);
    }

    private CompletableFuture<DmarcPolicyResult> walkPolicy(
        String domain, List<String> targets, int index) {
      if (index == targets.size()) {
        return organizationalDomain(domain)
            .thenApply(
                org ->
                    result(
                        org.failure.isPresent()
                            ? DmarcPolicyResult.Status.TEMPERROR
                            : DmarcPolicyResult.Status.NONE,
                        domain,
                        org.domain,
                        org.failure.orElse("no DMARC record at " + domain + " or above it")));
      }
      String target = targets.get(index);
      return level(target)
          .thenCompose(
              level -> {
                Optional<CompletableFuture<DmarcPolicyResult>> decided = decide(domain, level);
                return decided.orElseGet(() -> walkPolicy(domain, targets, index + 1));
              });
    }

    private CompletableFuture<DmarcPolicyResult> rfc7489(String domain) {
      String org = psl.registrableDomain(domain).orElse(domain);
      return level(domain)
          .thenCompose(
              first -> {
                if (first.records.size() > 1) {
                  return CompletableFuture.completedFuture(
                      result(
                          DmarcPolicyResult.Status.NONE,
                          domain,
                          Optional.of(org),
                          "several DMARC records at _dmarc."
                              + domain
                              + ": no policy (RFC 7489 §6.6.3)"));
                }
                Optional<CompletableFuture<DmarcPolicyResult>> decided = decide(domain, first);
                if (decided.isPresent()) {
                  return decided.get();
                }
                if (org.equals(domain)) {
                  return CompletableFuture.completedFuture(
                      result(
                          DmarcPolicyResult.Status.NONE,
                          domain,
                          Optional.of(org),
                          "no DMARC record at _dmarc." + domain));
                }
                return level(org)
                    .thenCompose(
                        second ->
                            decide(domain, second)
                                .orElseGet(
                                    () ->
                                        CompletableFuture.completedFuture(
                                            result(
                                                DmarcPolicyResult.Status.NONE,
                                                domain,
                                                Optional.of(org),
                                                "no DMARC record at _dmarc."
                                                    + domain
                                                    + " nor at its Organizational Domain _dmarc."
                                                    + org))));
              });
    }

    /** The result when a level settles discovery; empty to go on. */
    private Optional<CompletableFuture<DmarcPolicyResult>> decide(String domain, Level level) {
      if (level.failure.isPresent()) {
        return Optional.of(
            CompletableFuture.completedFuture(
                result(
                    DmarcPolicyResult.Status.TEMPERROR,
                    domain,
                    Optional.empty(),
                    describe(level.failure.get()))));
      }
      Optional<DmarcParseResult> single = level.single();
      if (single.isEmpty()) {
        return Optional.empty();
      }
      DmarcParseResult r = single.get();
      String name = "_dmarc." + level.domain;
      for (DmarcProblem w : r.warnings()) {
        note(name + ": " + w);
      }
      switch (r.outcome()) {
        case INVALID:
          return Optional.of(
              organizationalDomain(domain)
                  .thenApply(
                      org ->
                          result(
                              DmarcPolicyResult.Status.PERMERROR,
                              domain,
                              org.domain,
                              "unusable DMARC record at " + name + ": " + r.errors().get(0))));
        case NO_POLICY:
          return Optional.of(
              organizationalDomain(domain)
                  .thenApply(
                      org ->
                          result(
                              DmarcPolicyResult.Status.NONE,
                              domain,
                              org.domain,
                              "the DMARC record at " + name + " asks for no processing: "
                                  + r.errors().get(0).message())));
        default:
          return Optional.of(found(domain, level.domain, r.record().orElseThrow()));
      }
    }

    private CompletableFuture<DmarcPolicyResult> found(
        String domain, String policyDomain, DmarcRecord record) {
      CompletableFuture<Org> orgStage = organizationalDomain(domain);
      CompletableFuture<Optional<Boolean>> existsStage;
      boolean own = domain.equals(policyDomain);
      boolean npDiffers =
          mode == DmarcMode.RFC9989
              && record.nonExistentPolicy().isPresent()
              && record.nonExistentPolicyOrDefault() != record.subdomainPolicyOrDefault();
      if (!own && npDiffers) {
        existsStage = exists(domain);
      } else {
        existsStage = CompletableFuture.completedFuture(Optional.of(true));
      }
      return orgStage.thenCombine(
          existsStage,
          (org, exists) -> {
            if (org.failure.isPresent()) {
              return result(DmarcPolicyResult.Status.TEMPERROR, domain, Optional.empty(), org.failure.get());
            }
            if (exists.isEmpty()) {
              return result(
                  DmarcPolicyResult.Status.TEMPERROR,
                  domain,
                  org.domain,
                  "could not tell whether " + domain + " exists (A, AAAA, MX), which decides np");
            }
            DmarcPolicyResult.PolicySource source;
            DmarcPolicy policy;
            if (own) {
              source = DmarcPolicyResult.PolicySource.P;
              policy = record.policy();
            } else if (!exists.get()) {
              source = DmarcPolicyResult.PolicySource.NP;
              policy = record.nonExistentPolicyOrDefault();
              note(domain + " does not exist (no A, AAAA or MX): np applies");
            } else {
              source = DmarcPolicyResult.PolicySource.SP;
              policy = record.subdomainPolicyOrDefault();
            }
            String how = source.name().toLowerCase(Locale.ROOT);
            if (record.testing()) {
              note("t=y (test mode): " + policy.token() + " applied as " + policy.weaker().token());
              policy = policy.weaker();
              how += ", one level weaker for t=y";
            }
            if (record.percent() < 100) {
              note(
                  "pct="
                      + record.percent()
                      + ": the policy applies to "
                      + record.percent()
                      + "% of failing messages, the others get the next weaker one (RFC 7489 §6.6.4)");
            }
            return new DmarcPolicyResult(
                DmarcPolicyResult.Status.FOUND,
                mode,
                domain,
                Optional.of(policyDomain),
                Optional.of(record),
                org.domain,
                Optional.of(policy),
                Optional.of(source),
                queriedSnapshot(),
                notesSnapshot(),
                "record at _dmarc." + policyDomain + ": " + policy.token() + " (by " + how + ")");
          });
    }

    /** Whether a name exists (A, AAAA or MX data): true, false, or empty when a look-up failed. */
    private CompletableFuture<Optional<Boolean>> exists(String domain) {
      CompletableFuture<? extends DnsAnswer<?>> a = safe(domain, () -> dns.a(domain));
      CompletableFuture<? extends DnsAnswer<?>> aaaa = safe(domain, () -> dns.aaaa(domain));
      CompletableFuture<? extends DnsAnswer<?>> mx = safe(domain, () -> dns.mx(domain));
      return CompletableFuture.allOf(a, aaaa, mx)
          .thenApply(
              v -> {
                boolean failed = false;
                for (CompletableFuture<? extends DnsAnswer<?>> f : List.of(a, aaaa, mx)) {
                  DnsAnswer<?> answer = f.join();
                  if (answer instanceof DnsAnswer.Records) {
                    return Optional.of(true);
                  }
                  failed |= !answer.isDefinite();
                }
                return failed ? Optional.<Boolean>empty() : Optional.of(false);
              });
    }

    // ------------------------------------------------------------------------------------------
    // Organizational Domain

    CompletableFuture<Org> organizationalDomain(String domain) {
      if (mode == DmarcMode.RFC7489) {
        return CompletableFuture.completedFuture(
            new Org(Optional.of(psl.registrableDomain(domain).orElse(domain)), Optional.empty()));
      }
      return walkOrg(domain, walkTargets(domain), 0, null);
    }

    private CompletableFuture<Org> walkOrg(
        String domain, List<String> targets, int index, String fewest) {
      if (index == targets.size()) {
        return CompletableFuture.completedFuture(
            new Org(Optional.of(fewest != null ? fewest : domain), Optional.empty()));
      }
      String target = targets.get(index);
      return level(target)
          .thenCompose(
              level -> {
                if (level.failure.isPresent()) {
                  return CompletableFuture.completedFuture(
                      new Org(Optional.empty(), Optional.of(describe(level.failure.get()))));
                }
                Optional<DmarcRecord> record = level.valid();
                String next = fewest;
                if (record.isPresent()) {
                  DmarcRecord.Psd psd = record.get().psd();
                  if (psd == DmarcRecord.Psd.NO) {
                    return CompletableFuture.completedFuture(
                        new Org(Optional.of(target), Optional.empty()));
                  }
                  if (psd == DmarcRecord.Psd.YES && !target.equals(domain)) {
                    return CompletableFuture.completedFuture(
                        new Org(
                            Optional.of(lastLabels(domain, labelCount(target) + 1)),
                            Optional.empty()));
                  }
                  next = target;
                }
                return walkOrg(domain, targets, index + 1, next);
              });
    }

    // ------------------------------------------------------------------------------------------
    // Alignment and the result

    CompletableFuture<DmarcResult> evaluate(
        DmarcPolicyResult policy, List<String> spf, List<String> dkim) {
      switch (policy.status()) {
        case TEMPERROR:
          return done(DmarcResult.Verdict.TEMPERROR, policy, null, null, policy.reason());
        case PERMERROR:
          return done(DmarcResult.Verdict.PERMERROR, policy, null, null, policy.reason());
        case NONE:
          return done(DmarcResult.Verdict.NONE, policy, null, null, policy.reason());
        default:
          break;
      }
      DmarcRecord record = policy.record().orElseThrow();
      String from = policy.domain();
      String fromOrg = policy.organizationalDomain().orElse(from);
      CompletableFuture<Aligned> spfAligned = firstAligned(spf, from, fromOrg, record.spfAlignment());
      CompletableFuture<Aligned> dkimAligned =
          firstAligned(dkim, from, fromOrg, record.dkimAlignment());
      return spfAligned.thenCombine(
          dkimAligned,
          (s, d) -> {
            if (s.domain.isPresent() || d.domain.isPresent()) {
              String which =
                  d.domain.isPresent() && s.domain.isPresent()
                      ? "DKIM d=" + d.domain.get() + " and SPF " + s.domain.get() + " align"
                      : d.domain.isPresent()
                          ? "DKIM d=" + d.domain.get() + " aligns"
                          : "SPF " + s.domain.get() + " aligns";
              return new DmarcResult(
                  DmarcResult.Verdict.PASS,
                  policy,
                  s.domain,
                  d.domain,
                  Optional.of(DmarcPolicy.NONE),
                  which + " with " + from);
            }
            Optional<String> undecided = s.undecided.isPresent() ? s.undecided : d.undecided;
            if (undecided.isPresent()) {
              return new DmarcResult(
                  DmarcResult.Verdict.TEMPERROR,
                  policy,
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  "alignment undecided: " + undecided.get());
            }
            DmarcPolicy applied = policy.appliedPolicy().orElseThrow();
            return new DmarcResult(
                DmarcResult.Verdict.FAIL,
                policy,
                Optional.empty(),
                Optional.empty(),
                Optional.of(applied),
                "no SPF- or DKIM-authenticated domain aligns with "
                    + from
                    + " (aspf="
                    + record.spfAlignment().token()
                    + ", adkim="
                    + record.dkimAlignment().token()
                    + "); policy "
                    + applied.token());
          });
    }

    /**
     * The first domain of the list that aligns; else, when a look-up left a domain undecided, why.
     */
    private CompletableFuture<Aligned> firstAligned(
        List<String> domains, String from, String fromOrg, DmarcRecord.Alignment alignment) {
      List<CompletableFuture<Aligned>> checks = new ArrayList<>();
      for (String raw : domains) {
        Optional<String> d = normalize(raw);
        if (d.isEmpty()) {
          continue; // not a domain name: aligns with nothing
        }
        String domain = d.get();
        if (domain.equals(from)) {
          checks.add(CompletableFuture.completedFuture(Aligned.yes(domain)));
        } else if (alignment == DmarcRecord.Alignment.STRICT
            || !(isSubdomain(domain, fromOrg) || domain.equals(fromOrg))) {
          // An Organizational Domain is the name or one of its ancestors, so a name outside the
          // From domain's Organizational Domain cannot share it.
          checks.add(CompletableFuture.completedFuture(Aligned.NO));
        } else {
          checks.add(
              organizationalDomain(domain)
                  .thenApply(
                      org ->
                          org.failure.isPresent()
                              ? new Aligned(Optional.empty(), org.failure)
                              : fromOrg.equals(org.domain.orElse(null))
                                  ? Aligned.yes(domain)
                                  : Aligned.NO));
        }
      }
      return CompletableFuture.allOf(checks.toArray(new CompletableFuture<?>[0]))
          .thenApply(
              v -> {
                Optional<String> undecided = Optional.empty();
                for (CompletableFuture<Aligned> c : checks) {
                  Aligned a = c.join();
                  if (a.domain.isPresent()) {
                    return a;
                  }
                  if (undecided.isEmpty()) {
                    undecided = a.undecided;
                  }
                }
                return new Aligned(Optional.empty(), undecided);
              });
    }

    private CompletableFuture<DmarcResult> done(
        DmarcResult.Verdict v, DmarcPolicyResult p, String spf, String dkim, String reason) {
      return CompletableFuture.completedFuture(
          new DmarcResult(
              v, p, Optional.ofNullable(spf), Optional.ofNullable(dkim), Optional.empty(), reason));
    }

    // ------------------------------------------------------------------------------------------
    // Report destinations

    CompletableFuture<ReportAuthorization> authorize(
        String policyDomain, DmarcRecord.ReportUri uri, String tag) {
      Optional<String> dest = normalize(uri.domain());
      if (dest.isEmpty()) {
        return CompletableFuture.completedFuture(
            new ReportAuthorization(
                uri, tag, ReportAuthorization.Status.NOT_AUTHORIZED, "", "not a domain name"));
      }
      String destination = dest.get();
      return organizationalDomain(policyDomain)
          .thenCombine(organizationalDomain(destination), (a, b) -> new Org[] {a, b})
          .thenCompose(
              orgs -> {
                String name = reportName(policyDomain, destination);
                for (Org o : orgs) {
                  if (o.failure.isPresent()) {
                    return CompletableFuture.completedFuture(
                        new ReportAuthorization(
                            uri, tag, ReportAuthorization.Status.TEMPERROR, name, o.failure.get()));
                  }
                }
                if (orgs[0].domain.equals(orgs[1].domain)) {
                  return CompletableFuture.completedFuture(
                      new ReportAuthorization(
                          uri,
                          tag,
                          ReportAuthorization.Status.NOT_NEEDED,
                          "",
                          destination
                              + " shares the Organizational Domain "
                              + orgs[0].domain.orElse("")
                              + " with "
                              + policyDomain));
                }
                return safe(name, () -> dns.txt(name))
                    .thenApply(
                        answer -> {
                          if (answer.failure().isPresent()) {
                            return new ReportAuthorization(
                                uri,
                                tag,
                                ReportAuthorization.Status.TEMPERROR,
                                name,
                                describe(answer.failure().get()));
                          }
                          for (TxtRecord t : answer.values()) {
                            if (DmarcRecord.isDmarcRecord(t.text())) {
                              return new ReportAuthorization(
                                  uri,
                                  tag,
                                  ReportAuthorization.Status.AUTHORIZED,
                                  name,
                                  name + " has a v=DMARC1 record");
                            }
                          }
                          return new ReportAuthorization(
                              uri,
                              tag,
                              ReportAuthorization.Status.NOT_AUTHORIZED,
                              name,
                              "no v=DMARC1 record at " + name + ": reports must not be sent there");
                        });
              });
    }
  }

  /** Calls the client defensively: a throw, a null or a failed stage become a Failure. */
  private static <T> CompletableFuture<DnsAnswer<T>> safe(
      String name, Supplier<CompletionStage<DnsAnswer<T>>> query) {
    return SafeDns.call(name, query).toCompletableFuture();
  }

  private static String describe(DnsAnswer.Failure<?> f) {
    return SafeDns.describe(f, "TXT");
  }

  /** Builds a {@link DmarcCheck}. Not thread-safe; the check it builds is. */
  public static final class Builder {
    private final DnsClient dns;
    private DmarcMode mode = DmarcMode.RFC9989;
    private PublicSuffixList psl;
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder(DnsClient dns) {
      this.dns = Objects.requireNonNull(dns, "dns must not be null");
    }

    /**
     * The specification to follow (default {@link DmarcMode#RFC9989}).
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder mode(DmarcMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode must not be null");
      return this;
    }

    /**
     * The Public Suffix List for RFC 7489 mode (default {@link PublicSuffixList#bundled()}).
     *
     * @param list the list
     * @return this builder
     */
    public Builder publicSuffixList(PublicSuffixList list) {
      this.psl = Objects.requireNonNull(list, "list must not be null");
      return this;
    }

    /**
     * The bound on one call (default {@link DmarcCheck#DEFAULT_TIMEOUT}); past it the result is a
     * temporary error.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout must not be null");
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** The check. */
    public DmarcCheck build() {
      if (psl == null) {
        psl = mode == DmarcMode.RFC7489 ? PublicSuffixList.bundled() : null;
      }
      return new DmarcCheck(this);
    }
  }
}
