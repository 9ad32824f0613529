package io.github.bouncekit.dns.spf;

import io.github.bouncekit.dns.DnsAnswer;
import io.github.bouncekit.dns.DnsClient;
import io.github.bouncekit.dns.MxRecord;
import io.github.bouncekit.dns.ParseResult;
import io.github.bouncekit.dns.SyntaxError;
import io.github.bouncekit.dns.TxtRecord;
import io.github.bouncekit.dns.internal.SafeDns;
import io.github.bouncekit.dns.spf.SpfLintReport.Code;
import io.github.bouncekit.dns.spf.SpfLintReport.Finding;
import io.github.bouncekit.dns.spf.SpfLintReport.Node;
import io.github.bouncekit.dns.spf.SpfLintReport.Severity;
import io.github.bouncekit.dns.spf.SpfLintReport.State;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Lints a domain's published SPF records: follows every {@code include:} and {@code redirect=}
 * (whatever the client address would be), counts DNS-querying terms and void look-ups per record
 * and in total, and reports syntax errors (with their position), several records at one name,
 * targets without a record, loops, the deprecated {@code ptr}, {@code +all} and {@code ?all}, a
 * missing {@code all}, unreachable terms, and records large enough to need several TXT strings
 * (over 255 bytes) or to risk UDP truncation (over 450 bytes).
 *
 * <pre>{@code
 * SpfLinter linter = SpfLinter.builder(dnsClient).build();
 * SpfLintReport report = linter.lintSync("example.com");
 * report.totalLookups();                  // 14
 * report.findings(SpfLintReport.Code.TOO_MANY_LOOKUPS);
 * System.out.print(report.root().toTree());
 * }</pre>
 *
 * <p>Unlike an evaluation it goes on past the 10-lookup and 2-void limits, so the records that push
 * a domain over them can be found. The work is bounded: at most {@link Builder#maxRecords(int)}
 * records are fetched (100 by default) and {@link Builder#maxQueries(int)} DNS queries made (1000),
 * each query bounded by {@link Builder#queryTimeout(Duration)}; a loop is reported and not
 * followed. Targets with macros depend on the message and are not followed. A term's look-up is
 * void when it gives no record: {@code a} when the name has neither A nor AAAA records, {@code mx}
 * when it has no MX records, {@code exists} when it has no A record. {@code ptr} is not queried (it
 * depends on the client).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SpfLinter {

  /** The default number of records fetched at most per lint. */
  public static final int DEFAULT_MAX_RECORDS = 100;

  /** The default number of DNS queries made at most per lint. */
  public static final int DEFAULT_MAX_QUERIES = 1000;

  /** The default bound on one DNS query. */
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(10);

  private static final int STRING_LENGTH = 255;
  private static final int RECOMMENDED_RECORD_SIZE = 450;
  private static final int UDP_ANSWER_SIZE = 512;

  private final DnsClient dns;
  private final int lookupLimit;
  private final int voidLookupLimit;
  private final int mxLimit;
  private final int maxRecords;
  private final int maxQueries;
  private final Duration queryTimeout;

  private SpfLinter(Builder b) {
    this.dns = b.dns;
    this.lookupLimit = b.lookupLimit;
    this.voidLookupLimit = b.voidLookupLimit;
    this.mxLimit = b.mxLimit;
    this.maxRecords = b.maxRecords;
    this.maxQueries = b.maxQueries;
    this.queryTimeout = b.queryTimeout;
  }

  /**
   * A builder with the RFC 7208 limits.
   *
   * @param dns the DNS client to query
   * @return the builder
   */
  public static Builder builder(DnsClient dns) {
    return new Builder(dns);
  }

  /**
   * Lints a domain's records.
   *
   * @param domain the domain
   * @return the report; the stage never completes exceptionally
   */
  public CompletionStage<SpfLintReport> lint(String domain) {
    Objects.requireNonNull(domain, "domain must not be null");
    String name = DomainNames.stripDot(domain);
    if (name.length() > SpfEvaluator.MAX_IDENTITY_LENGTH) {
      name = name.substring(0, SpfEvaluator.MAX_IDENTITY_LENGTH);
    }
    Run run = new Run();
    String root = name;
    return run.visit(root, Optional.empty(), List.of(), Kind.ROOT)
        .handle((node, error) -> error == null ? run.report(root, node) : run.failed(root, error));
  }

  /**
   * {@link #lint(String)}, waiting for the report.
   *
   * @param domain the domain
   * @return the report
   */
  public SpfLintReport lintSync(String domain) {
    return lint(domain).toCompletableFuture().join();
  }

  /** Builds an {@link SpfLinter}. Not thread-safe; the linter it builds is. */
  public static final class Builder {
    private final DnsClient dns;
    private int lookupLimit = SpfEvaluator.DEFAULT_LOOKUP_LIMIT;
    private int voidLookupLimit = SpfEvaluator.DEFAULT_VOID_LOOKUP_LIMIT;
    private int mxLimit = SpfEvaluator.DEFAULT_MX_PTR_LIMIT;
    private int maxRecords = DEFAULT_MAX_RECORDS;
    private int maxQueries = DEFAULT_MAX_QUERIES;
    private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;

    private Builder(DnsClient dns) {
      this.dns = Objects.requireNonNull(dns, "dns must not be null");
    }

    /**
     * The DNS-querying-term limit to report against (default 10).
     *
     * @param limit 0-100
     * @return this builder
     */
    public Builder lookupLimit(int limit) {
      this.lookupLimit = range("lookupLimit", limit, 0, 100);
      return this;
    }

    /**
     * The void look-up limit to report against (default 2).
     *
     * @param limit 0-100
     * @return this builder
     */
    public Builder voidLookupLimit(int limit) {
      this.voidLookupLimit = range("voidLookupLimit", limit, 0, 100);
      return this;
    }

    /**
     * The MX-name limit to report against (default 10).
     *
     * @param limit 1-100
     * @return this builder
     */
    public Builder mxLimit(int limit) {
      this.mxLimit = range("mxLimit", limit, 1, 100);
      return this;
    }

    /**
     * The most records fetched per lint (default 100).
     *
     * @param max 1-10000
     * @return this builder
     */
    public Builder maxRecords(int max) {
      this.maxRecords = range("maxRecords", max, 1, 10_000);
      return this;
    }

    /**
     * The most DNS queries per lint, record fetches included (default 1000).
     *
     * @param max 1-100000
     * @return this builder
     */
    public Builder maxQueries(int max) {
      this.maxQueries = range("maxQueries", max, 1, 100_000);
      return this;
    }

    /**
     * The bound on each DNS query (default 10 s); a query that takes longer is a DNS failure.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder queryTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout must not be null");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.queryTimeout = timeout;
      return this;
    }

    /** The linter. */
    public SpfLinter build() {
      return new SpfLinter(this);
    }

    private static int range(String name, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(name + " must be " + min + "-" + max + ", was " + value);
      }
      return value;
    }
  }

  private enum Kind {
    ROOT,
    INCLUDE,
    REDIRECT
  }

  /** The pending void-look-up check of one term. */
  private static final class TermCheck {
    final SpfRecord.Directive directive;
    final String target;
    CompletionStage<Boolean> isVoid = CompletableFuture.completedFuture(false);

    TermCheck(SpfRecord.Directive directive, String target) {
      this.directive = directive;
      this.target = target;
    }
  }

  /** One lint: the query cache, the budgets and the findings. */
  private final class Run {
    private final Map<String, CompletableFuture<?>> cache = new ConcurrentHashMap<>();
    private final List<Finding> findings = Collections.synchronizedList(new ArrayList<>());
    private volatile int records;
    private volatile int queries;
    private volatile boolean truncated;

    CompletionStage<Node> visit(String domain, Optional<String> via, List<String> path, Kind kind) {
      String canonical = DomainNames.canonical(domain);
      if (path.contains(canonical)) {
        add(
            Severity.ERROR,
            Code.LOOP,
            domain,
            "loop: "
                + String.join(" -> ", path)
                + " -> "
                + canonical
                + " (evaluations end in permerror at the lookup limit)",
            null);
        return done(leaf(domain, via, State.LOOP));
      }
      Optional<String> problem = DomainNames.checkableProblem(domain);
      if (problem.isPresent()) {
        add(Severity.ERROR, Code.INVALID_DOMAIN, domain, problem.get(), null);
        return done(leaf(domain, via, State.INVALID_DOMAIN));
      }
      if (records >= maxRecords || queries >= maxQueries) {
        truncate(
            domain,
            "stopped following records after " + records + " records and " + queries + " queries");
        return done(leaf(domain, via, State.NOT_FOLLOWED));
      }
      records++;
      return this.<TxtRecord>query("TXT", domain, () -> dns.txt(domain))
          .thenCompose(answer -> select(domain, via, path, kind, answer));
    }

    private CompletionStage<Node> select(
        String domain,
        Optional<String> via,
        List<String> path,
        Kind kind,
        DnsAnswer<TxtRecord> answer) {
      if (answer instanceof DnsAnswer.Failure) {
        add(
            Severity.ERROR,
            Code.DNS_FAILURE,
            domain,
            SafeDns.describe((DnsAnswer.Failure<?>) answer, "TXT") + " (temperror)",
            null);
        return done(leaf(domain, via, State.DNS_FAILURE));
      }
      List<TxtRecord> spf = new ArrayList<>();
      int answerSize = 0;
      for (TxtRecord txt : answer.values()) {
        for (String s : txt.strings()) {
          answerSize += 1 + s.getBytes(StandardCharsets.UTF_8).length;
        }
        if (SpfRecord.isSpfRecord(txt.text())) {
          spf.add(txt);
        }
      }
      if (spf.isEmpty()) {
        String why =
            answer instanceof DnsAnswer.NxDomain ? domain + " does not exist" : "no SPF record";
        if (kind == Kind.ROOT) {
          add(Severity.WARNING, Code.NO_RECORD, domain, why + ": SPF checks give none", null);
        } else {
          add(
              Severity.ERROR,
              Code.TARGET_WITHOUT_RECORD,
              domain,
              via.orElse("") + ": " + why + " (permerror)",
              null);
        }
        return done(leaf(domain, via, State.NO_RECORD));
      }
      if (spf.size() > 1) {
        add(
            Severity.ERROR,
            Code.MULTIPLE_RECORDS,
            domain,
            spf.size() + " SPF records at one name (permerror): " + spf,
            null);
        return done(leaf(domain, via, State.MULTIPLE_RECORDS));
      }
      TxtRecord txt = spf.get(0);
      String text = txt.text();
      sizeChecks(domain, txt, answerSize);
      ParseResult<SpfRecord> parsed = SpfRecord.parse(text);
      if (parsed.error().isPresent()) {
        SyntaxError e = parsed.error().get();
        add(
            Severity.ERROR,
            Code.SYNTAX_ERROR,
            domain,
            "syntax error at position " + e.position() + ": " + e.message() + " (permerror)",
            e.position());
        return done(
            new Node(domain, via, State.SYNTAX_ERROR, Optional.of(text), List.of(), 0, 0, 0, 0));
      }
      return analyze(domain, via, path, kind, parsed.value().orElseThrow());
    }

    private void sizeChecks(String domain, TxtRecord txt, int answerSize) {
      int bytes = txt.text().getBytes(StandardCharsets.UTF_8).length;
      if (bytes > STRING_LENGTH) {
        int needed = (bytes + STRING_LENGTH - 1) / STRING_LENGTH;
        add(
            Severity.INFO,
            Code.MULTIPLE_STRINGS,
            domain,
            "the record is "
                + bytes
                + " bytes: it needs "
                + needed
                + " TXT strings of at most 255 bytes (published as "
                + txt.strings().size()
                + "); some DNS hosting panels split or cut such records",
            null);
      }
      if (bytes > RECOMMENDED_RECORD_SIZE) {
        add(
            Severity.WARNING,
            Code.RECORD_SIZE,
            domain,
            "the record is "
                + bytes
                + " bytes, over the "
                + RECOMMENDED_RECORD_SIZE
                + " RFC 7208 §3.4 recommends so that answers fit in UDP",
            null);
      } else if (answerSize > UDP_ANSWER_SIZE - 62) {
        add(
            Severity.WARNING,
            Code.RECORD_SIZE,
            domain,
            "the TXT records at "
                + domain
                + " total "
                + answerSize
                + " bytes: the answer may not fit in a 512-byte UDP message",
            null);
      }
    }

    private CompletionStage<Node> analyze(
        String domain, Optional<String> via, List<String> path, Kind kind, SpfRecord record) {
      List<SpfRecord.Directive> directives = record.directives();
      int allIndex = -1;
      for (int i = 0; i < directives.size(); i++) {
        if (directives.get(i).mechanism() == SpfRecord.Mechanism.ALL) {
          allIndex = i;
          break;
        }
      }
      Optional<SpfRecord.Modifier> redirect = record.redirect();
      boolean followRedirect = redirect.isPresent() && allIndex < 0;
      if (allIndex >= 0 && allIndex < directives.size() - 1) {
        SpfRecord.Directive firstAfter = directives.get(allIndex + 1);
        add(
            Severity.WARNING,
            Code.UNREACHABLE_TERMS,
            domain,
            (directives.size() - allIndex - 1)
                + " term(s) after '"
                + directives.get(allIndex).text()
                + "' are never evaluated, from '"
                + firstAfter.text()
                + "'",
            firstAfter.position());
      }
      if (redirect.isPresent() && allIndex >= 0) {
        add(
            Severity.WARNING,
            Code.UNREACHABLE_TERMS,
            domain,
            "'"
                + redirect.get().text()
                + "' is ignored: the record has '"
                + directives.get(allIndex).text()
                + "'",
            redirect.get().position());
      }
      if ((kind == Kind.ROOT || kind == Kind.REDIRECT) && allIndex < 0 && redirect.isEmpty()) {
        add(
            Severity.WARNING,
            Code.NO_ALL,
            domain,
            "no 'all' and no 'redirect=': hosts not listed get neutral; end the record with"
                + " '-all' or '~all'",
            null);
      }
      int lookups = 0;
      List<TermCheck> checks = new ArrayList<>();
      List<SpfRecord.Directive> includes = new ArrayList<>();
      int limit = allIndex < 0 ? directives.size() : allIndex + 1;
      for (int i = 0; i < directives.size(); i++) {
        SpfRecord.Directive d = directives.get(i);
        boolean reachable = i < limit;
        if (d.mechanism().queriesDns() && reachable) {
          lookups++;
        }
        if (d.domainSpec().map(ms -> ms.uses('p')).orElse(false)) {
          add(
              Severity.WARNING,
              Code.PTR,
              domain,
              "'" + d.text() + "' uses the %{p} macro: slow and unreliable (RFC 7208 §7.3)",
              d.position());
        }
        switch (d.mechanism()) {
          case ALL:
            if (d.qualifier() == SpfRecord.Qualifier.PASS) {
              add(
                  Severity.ERROR,
                  Code.PASS_ALL,
                  domain,
                  "'" + d.text() + "' lets every host on the Internet pass",
                  d.position());
            } else if (d.qualifier() == SpfRecord.Qualifier.NEUTRAL) {
              add(
                  Severity.WARNING,
                  Code.NEUTRAL_ALL,
                  domain,
                  "'" + d.text() + "' asserts nothing about other hosts; prefer '-all' or '~all'",
                  d.position());
            }
            break;
          case PTR:
            add(
                Severity.WARNING,
                Code.PTR,
                domain,
                "'"
                    + d.text()
                    + "': the ptr mechanism is deprecated (RFC 7208 §5.5): slow,"
                    + " unreliable, and some receivers ignore it",
                d.position());
            break;
          case INCLUDE:
            if (reachable) {
              includes.add(d);
            }
            break;
          case A:
          case MX:
          case EXISTS:
            if (reachable) {
              Optional<String> target = literalTarget(d.domainSpec(), domain);
              if (target.isPresent()) {
                checks.add(new TermCheck(d, target.get()));
              }
            }
            break;
          default:
            break;
        }
      }
      for (SpfRecord.Modifier m : record.modifiers()) {
        if (m.isUnknown()) {
          add(
              Severity.INFO,
              Code.UNKNOWN_MODIFIER,
              domain,
              "unknown modifier '" + m.text() + "' is ignored",
              m.position());
        }
      }
      if (followRedirect) {
        lookups++;
      }
      for (TermCheck c : checks) {
        c.isVoid = isVoid(c, domain);
      }
      int ownLookups = lookups;
      CompletableFuture<?>[] pending = new CompletableFuture<?>[checks.size()];
      for (int i = 0; i < checks.size(); i++) {
        pending[i] = checks.get(i).isVoid.toCompletableFuture();
      }
      return CompletableFuture.allOf(pending)
          .thenCompose(
              ignored -> {
                int voids = 0;
                for (TermCheck c : checks) {
                  if (c.isVoid.toCompletableFuture().join()) {
                    voids++;
                  }
                }
                int ownVoids = voids;
                List<String> childPath = new ArrayList<>(path);
                childPath.add(DomainNames.canonical(domain));
                List<Object> targets = new ArrayList<>(includes);
                if (followRedirect) {
                  targets.add(redirect.get());
                }
                return children(domain, targets, 0, List.copyOf(childPath), new ArrayList<>())
                    .thenApply(
                        kids -> {
                          int total = ownLookups;
                          int totalVoids = ownVoids;
                          for (Node k : kids) {
                            total += k.totalLookups();
                            totalVoids += k.totalVoidLookups();
                          }
                          return new Node(
                              domain,
                              via,
                              State.OK,
                              Optional.of(record.text()),
                              kids,
                              ownLookups,
                              ownVoids,
                              total,
                              totalVoids);
                        });
              });
    }

    /** Visits include and redirect targets one after the other, in record order. */
    private CompletionStage<List<Node>> children(
        String domain, List<Object> targets, int index, List<String> path, List<Node> out) {
      if (index >= targets.size()) {
        return done(List.copyOf(out));
      }
      Object t = targets.get(index);
      String via;
      Optional<MacroString> spec;
      Kind kind;
      if (t instanceof SpfRecord.Directive) {
        SpfRecord.Directive d = (SpfRecord.Directive) t;
        via = d.text();
        spec = d.domainSpec();
        kind = Kind.INCLUDE;
      } else {
        SpfRecord.Modifier m = (SpfRecord.Modifier) t;
        via = m.text();
        spec = Optional.of(m.value());
        kind = Kind.REDIRECT;
      }
      Optional<String> target = literalTarget(spec, domain);
      CompletionStage<Node> child;
      if (target.isEmpty()) {
        add(
            Severity.INFO,
            Code.MACRO_TARGET,
            domain,
            "'" + via + "' has macros: its target depends on the message and is not followed",
            null);
        child =
            done(
                new Node(
                    spec.map(MacroString::text).orElse(domain),
                    Optional.of(via),
                    State.NOT_FOLLOWED,
                    Optional.empty(),
                    List.of(),
                    0,
                    0,
                    0,
                    0));
      } else {
        child = visit(target.get(), Optional.of(via), path, kind);
      }
      return child.thenCompose(
          node -> {
            out.add(node);
            return children(domain, targets, index + 1, path, out);
          });
    }

    /** True when the term's look-up is void; failures are findings, not voids. */
    private CompletionStage<Boolean> isVoid(TermCheck c, String domain) {
      String target = c.target;
      SpfRecord.Directive d = c.directive;
      if (DomainNames.queryProblem(target).isPresent()) {
        add(
            Severity.ERROR,
            Code.INVALID_DOMAIN,
            domain,
            "'" + d.text() + "': " + DomainNames.queryProblem(target).get(),
            d.position());
        return done(false);
      }
      switch (d.mechanism()) {
        case A:
          return this.<InetAddress>query("A", target, () -> dns.a(target))
              .thenCombine(
                  this.<InetAddress>query("AAAA", target, () -> dns.aaaa(target)),
                  (v4, v6) -> {
                    if (failed(v4, "A", d, domain) | failed(v6, "AAAA", d, domain)) {
                      return false;
                    }
                    boolean none =
                        !(v4 instanceof DnsAnswer.Records) && !(v6 instanceof DnsAnswer.Records);
                    if (none) {
                      voidFinding(d, domain, target + " has no A or AAAA records");
                    }
                    return none;
                  });
        case MX:
          return this.<MxRecord>query("MX", target, () -> dns.mx(target))
              .thenApply(
                  answer -> {
                    if (failed(answer, "MX", d, domain)) {
                      return false;
                    }
                    if (!(answer instanceof DnsAnswer.Records)) {
                      voidFinding(d, domain, target + " has no MX records");
                      return true;
                    }
                    if (answer.values().size() > mxLimit) {
                      add(
                          Severity.ERROR,
                          Code.TOO_MANY_MX,
                          domain,
                          "'"
                              + d.text()
                              + "': "
                              + target
                              + " has "
                              + answer.values().size()
                              + " MX records, more than "
                              + mxLimit
                              + " (permerror)",
                          d.position());
                    }
                    return false;
                  });
        default: // EXISTS
          return this.<InetAddress>query("A", target, () -> dns.a(target))
              .thenApply(
                  answer -> {
                    if (failed(answer, "A", d, domain)) {
                      return false;
                    }
                    if (!(answer instanceof DnsAnswer.Records)) {
                      voidFinding(d, domain, target + " has no A records");
                      return true;
                    }
                    return false;
                  });
      }
    }

    private boolean failed(DnsAnswer<?> answer, String type, SpfRecord.Directive d, String domain) {
      if (answer instanceof DnsAnswer.Failure) {
        add(
            Severity.WARNING,
            Code.DNS_FAILURE,
            domain,
            "'"
                + d.text()
                + "': "
                + SafeDns.describe((DnsAnswer.Failure<?>) answer, type)
                + " (temperror for evaluations that reach it)",
            d.position());
        return true;
      }
      return false;
    }

    private void voidFinding(SpfRecord.Directive d, String domain, String what) {
      add(
          Severity.WARNING,
          Code.VOID_LOOKUP,
          domain,
          "'" + d.text() + "': " + what + " (a void look-up)",
          d.position());
    }

    /** A cached, budgeted, time-bounded query; over budget it is a failure. */
    @SuppressWarnings("unchecked")
    private <T> CompletionStage<DnsAnswer<T>> query(
        String type, String name, Supplier<CompletionStage<DnsAnswer<T>>> call) {
      String key = type + " " + DomainNames.canonical(name);
      return (CompletionStage<DnsAnswer<T>>)
          cache.computeIfAbsent(
              key,
              k -> {
                if (queries >= maxQueries) {
                  truncate(name, "stopped querying after " + queries + " queries");
                  return CompletableFuture.completedFuture(
                      new DnsAnswer.Failure<T>(
                          name, DnsAnswer.Failure.Kind.OTHER, "query budget spent"));
                }
                queries++;
                return SafeDns.call(name, call, queryTimeout).toCompletableFuture();
              });
    }

    private void truncate(String domain, String message) {
      if (!truncated) {
        truncated = true;
        add(Severity.INFO, Code.TRUNCATED, domain, message, null);
      }
    }

    private void add(Severity s, Code code, String domain, String message, Integer position) {
      findings.add(
          new Finding(
              s,
              code,
              domain,
              message,
              position == null ? OptionalInt.empty() : OptionalInt.of(position)));
    }

    SpfLintReport report(String domain, Node root) {
      List<Finding> out;
      synchronized (findings) {
        out = new ArrayList<>(findings);
      }
      if (root.totalLookups() > lookupLimit) {
        out.add(
            new Finding(
                Severity.ERROR,
                Code.TOO_MANY_LOOKUPS,
                domain,
                "too many DNS lookups ("
                    + root.totalLookups()
                    + " > "
                    + lookupLimit
                    + "): evaluations that get that far give permerror"
                    + biggest(root, true),
                OptionalInt.empty()));
      }
      if (root.totalVoidLookups() > voidLookupLimit) {
        out.add(
            new Finding(
                Severity.ERROR,
                Code.TOO_MANY_VOID_LOOKUPS,
                domain,
                "too many void lookups ("
                    + root.totalVoidLookups()
                    + " > "
                    + voidLookupLimit
                    + "): evaluations that get that far give permerror"
                    + biggest(root, false),
                OptionalInt.empty()));
      }
      out.sort(Comparator.comparing(Finding::severity));
      return new SpfLintReport(
          domain, root, out, root.totalLookups(), root.totalVoidLookups(), records);
    }

    SpfLintReport failed(String domain, Throwable error) {
      Node root = leaf(domain, Optional.empty(), State.DNS_FAILURE);
      List<Finding> out;
      synchronized (findings) {
        out = new ArrayList<>(findings);
      }
      out.add(
          new Finding(
              Severity.ERROR,
              Code.DNS_FAILURE,
              domain,
              "lint failed: " + error,
              OptionalInt.empty()));
      return new SpfLintReport(domain, root, out, 0, 0, records);
    }
  }

  /** "; most from: include:a (5), include:b (3)" for the root's heaviest children. */
  private static String biggest(Node root, boolean lookups) {
    List<Node> kids = new ArrayList<>(root.children());
    kids.sort(
        Comparator.comparingInt((Node n) -> lookups ? n.totalLookups() : n.totalVoidLookups())
            .reversed());
    StringBuilder s = new StringBuilder();
    s.append("; ")
        .append(root.domain())
        .append(" itself: ")
        .append(lookups ? root.lookups() : root.voidLookups());
    for (Node k : kids.subList(0, Math.min(3, kids.size()))) {
      int n = lookups ? k.totalLookups() : k.totalVoidLookups();
      if (n > 0) {
        s.append(", ").append(k.via().orElse(k.domain())).append(": ").append(n);
      }
    }
    return s.toString();
  }

  /** The target of a domain-spec without macros (the current domain when absent). */
  private static Optional<String> literalTarget(Optional<MacroString> spec, String domain) {
    if (spec.isEmpty()) {
      return Optional.of(domain);
    }
    if (spec.get().hasMacros()) {
      return Optional.empty();
    }
    return Optional.of(DomainNames.stripDot(spec.get().text()));
  }

  private static Node leaf(String domain, Optional<String> via, State state) {
    return new Node(domain, via, state, Optional.empty(), List.of(), 0, 0, 0, 0);
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
