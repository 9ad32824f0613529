package io.github.bouncekit.dns.dkim;

import io.github.bouncekit.dns.DnsAnswer;
import io.github.bouncekit.dns.DnsClient;
import io.github.bouncekit.dns.ParseResult;
import io.github.bouncekit.dns.SyntaxError;
import io.github.bouncekit.dns.TxtRecord;
import io.github.bouncekit.dns.internal.SafeDns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Checks a published DKIM key record at {@code selector._domainkey.domain}: whether it exists, its
 * tags and their syntax faults (with positions), the key type and size, revoked keys, testing
 * mode, {@code t=s}, service and hash restrictions, several records, and the CNAME chain of
 * delegated selectors.
 *
 * <pre>{@code
 * DkimKeyCheck keys = DkimKeyCheck.builder(dnsClient).build();
 * DkimKeyReport r = keys.checkSync("selector1", "example.com");
 * r.status();      // VALID, INVALID, NOT_FOUND, TEMPERROR
 * r.keyBits();     // 2048
 * r.findings();    // [warning: the key is in testing mode (t=y) ...]
 * }</pre>
 *
 * <p>RSA keys under {@value DkimVerifier#MIN_RSA_BITS} bits are invalid (RFC 8301), under
 * {@value DkimVerifier#RECOMMENDED_RSA_BITS} bits weak. A DNS failure gives {@link
 * DkimKeyReport.Status#TEMPERROR}, never "not found". Selectors can come from a sample message:
 * {@link #selectorsOf(byte[])}, {@link #checkMessage(byte[])}. Instances are immutable and
 * thread-safe; each check is bounded by {@link Builder#timeout(Duration)}.
 */
public final class DkimKeyCheck {

  /** The longest CNAME chain followed for the report. */
  public static final int MAX_CNAMES = 8;

  private static final Set<String> KNOWN_TAGS = Set.of("v", "g", "h", "k", "n", "p", "s", "t");

  private final DnsClient dns;
  private final Duration timeout;

  private DkimKeyCheck(Builder b) {
    this.dns = b.dns;
    this.timeout = b.timeout;
  }

  /**
   * A builder.
   *
   * @param dns the DNS client to query
   * @return the builder
   */
  public static Builder builder(DnsClient dns) {
    return new Builder(dns);
  }

  /**
   * A selector and its signing domain, as named by a DKIM-Signature field.
   *
   * @param selector the {@code s=} value
   * @param domain the {@code d=} value
   */
  public record Selector(String selector, String domain) {
    /** Checks. */
    public Selector {
      Objects.requireNonNull(selector, "selector must not be null");
      Objects.requireNonNull(domain, "domain must not be null");
    }
  }

  /**
   * The selectors named by the DKIM-Signature fields of a message, in order, without repeats.
   * Fields too malformed to name both {@code s=} and {@code d=} are skipped.
   *
   * @param message the message, header and body (the header is enough)
   * @return the selectors, possibly none
   */
  public static List<Selector> selectorsOf(byte[] message) {
    Objects.requireNonNull(message, "message must not be null");
    MessageParts parts = MessageParts.parse(message);
    Set<Selector> out = new LinkedHashSet<>();
    for (MessageParts.Field f : parts.fields) {
      if (f.lowerName().equals("dkim-signature")) {
        String value = f.raw().substring(f.raw().indexOf(':') + 1);
        String s = DkimVerifier.looseTag(value, "s");
        String d = DkimVerifier.looseTag(value, "d");
        if (DkimSignature.isDomain(s) && DkimSignature.isDomain(d)) {
          out.add(new Selector(s, d));
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * Checks the keys of every selector named in a message.
   *
   * @param message the message
   * @return one report per selector (none for a message without DKIM-Signature); the stage never
   *     completes exceptionally
   */
  public CompletionStage<List<DkimKeyReport>> checkMessage(byte[] message) {
    List<CompletableFuture<DkimKeyReport>> stages = new ArrayList<>();
    for (Selector s : selectorsOf(message)) {
      stages.add(check(s.selector(), s.domain()).toCompletableFuture());
    }
    return CompletableFuture.allOf(stages.toArray(new CompletableFuture<?>[0]))
        .thenApply(ignored -> stages.stream().map(CompletableFuture::join).toList());
  }

  /**
   * Checks the key record of a selector.
   *
   * @param selector the selector, such as {@code selector1} or {@code brisbane}
   * @param domain the signing domain ({@code d=}), with or without a trailing dot
   * @return the report; the stage never completes exceptionally
   * @throws IllegalArgumentException if the selector or domain is not a DNS name
   */
  public CompletionStage<DkimKeyReport> check(String selector, String domain) {
    Objects.requireNonNull(selector, "selector must not be null");
    Objects.requireNonNull(domain, "domain must not be null");
    String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    if (!DkimSignature.isDomain(selector)) {
      throw new IllegalArgumentException(
          "selector must be dot-separated labels of letters, digits, '-' and '_': '" + selector
              + "'");
    }
    if (!DkimSignature.isDomain(d)) {
      throw new IllegalArgumentException("domain is not a domain name: '" + domain + "'");
    }
    String name = selector + "._domainkey." + d;
    if (name.length() > 253) {
      throw new IllegalArgumentException("the key name " + name + " is longer than 253 characters");
    }
    CompletableFuture<List<String>> chain = cnames(name, new ArrayList<>()).toCompletableFuture();
    CompletableFuture<DnsAnswer<TxtRecord>> txt =
        SafeDns.call(name, () -> dns.txt(name)).toCompletableFuture();
    return txt.thenCombine(chain, (answer, cnames) -> report(selector, d, name, cnames, answer))
        .copy()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (r, ex) ->
                r != null
                    ? r
                    : new DkimKeyReport(
                        selector,
                        d,
                        name,
                        List.of(),
                        DkimKeyReport.Status.TEMPERROR,
                        List.of(),
                        Optional.empty(),
                        List.of(
                            finding(
                                DkimKeyReport.Severity.ERROR,
                                DkimKeyReport.Kind.DNS,
                                "no answer within " + timeout.toMillis() + " ms")),
                        "DNS time-out for " + name));
  }

  /**
   * {@link #check(String, String)}, waiting for the result (at most the timeout).
   *
   * @param selector the selector
   * @param domain the signing domain
   * @return the report
   */
  public DkimKeyReport checkSync(String selector, String domain) {
    return check(selector, domain).toCompletableFuture().join();
  }

  private CompletionStage<List<String>> cnames(String name, List<String> chain) {
    return SafeDns.call(name, () -> dns.cname(name))
        .thenCompose(
            answer -> {
              if (answer.values().isEmpty() || chain.size() >= MAX_CNAMES) {
                return CompletableFuture.completedFuture(chain);
              }
              String target = answer.values().get(0);
              if (chain.contains(target)) {
                return CompletableFuture.completedFuture(chain);
              }
              chain.add(target);
              return cnames(target, chain);
            });
  }

  private static DkimKeyReport report(
      String selector, String domain, String name, List<String> cnames, DnsAnswer<TxtRecord> a) {
    List<DkimKeyReport.Finding> findings = new ArrayList<>();
    if (!cnames.isEmpty()) {
      findings.add(
          finding(
              DkimKeyReport.Severity.INFO,
              DkimKeyReport.Kind.CNAME,
              name + " is a CNAME to " + String.join(" -> ", cnames)));
    }
    if (a instanceof DnsAnswer.Failure) {
      String why = SafeDns.describe((DnsAnswer.Failure<?>) a, "TXT");
      findings.add(finding(DkimKeyReport.Severity.ERROR, DkimKeyReport.Kind.DNS, why));
      return new DkimKeyReport(
          selector, domain, name, cnames, DkimKeyReport.Status.TEMPERROR, List.of(),
          Optional.empty(), findings, why);
    }
    if (a.values().isEmpty()) {
      String where = cnames.isEmpty() ? name : name + " (CNAME to " + last(cnames) + ")";
      return new DkimKeyReport(
          selector, domain, name, cnames, DkimKeyReport.Status.NOT_FOUND, List.of(),
          Optional.empty(), findings,
          "no key record at " + where
              + (a instanceof DnsAnswer.NxDomain ? ": the name does not exist" : ": no TXT record"));
    }
    List<String> texts = a.values().stream().map(TxtRecord::text).toList();
    if (texts.size() > 1) {
      findings.add(
          finding(
              DkimKeyReport.Severity.ERROR,
              DkimKeyReport.Kind.SEVERAL_RECORDS,
              texts.size() + " TXT records at " + name
                  + ": receivers may pick any of them; publish one"));
    }
    DkimKeyRecord key = null;
    for (int i = 0; i < texts.size(); i++) {
      ParseResult<DkimKeyRecord> p = DkimKeyRecord.parse(texts.get(i));
      if (p.error().isPresent()) {
        SyntaxError e = p.error().get();
        findings.add(
            new DkimKeyReport.Finding(
                DkimKeyReport.Severity.ERROR,
                DkimKeyReport.Kind.SYNTAX,
                (texts.size() > 1 ? "record " + (i + 1) + ", " : "") + e,
                OptionalInt.of(e.position())));
      } else if (key == null) {
        key = p.orElseThrow();
      }
    }
    if (key != null) {
      // Syntax errors of other records matter less once one record is usable.
      analyse(key, findings);
    }
    findings.sort(Comparator.comparing(DkimKeyReport.Finding::severity));
    boolean errors =
        findings.stream().anyMatch(f -> f.severity() == DkimKeyReport.Severity.ERROR);
    DkimKeyReport.Status status =
        key != null && !errors ? DkimKeyReport.Status.VALID : DkimKeyReport.Status.INVALID;
    String summary;
    if (status == DkimKeyReport.Status.VALID) {
      summary = "valid " + key.keyBits() + "-bit " + key.keyType() + " key"
          + (key.isTesting() ? " in testing mode" : "");
    } else {
      summary = "invalid: " + findings.get(0).message();
    }
    return new DkimKeyReport(
        selector, domain, name, cnames, status, texts, Optional.ofNullable(key), findings, summary);
  }

  private static void analyse(DkimKeyRecord key, List<DkimKeyReport.Finding> findings) {
    if (key.isRevoked()) {
      findings.add(
          finding(
              DkimKeyReport.Severity.ERROR,
              DkimKeyReport.Kind.REVOKED,
              "the key was revoked (empty p=): signatures with this selector fail"));
    } else if (key.publicKey().isEmpty()) {
      boolean unknownType =
          !key.keyType().equals(DkimKeyRecord.RSA) && !key.keyType().equals(DkimKeyRecord.ED25519);
      findings.add(
          finding(
              DkimKeyReport.Severity.ERROR,
              unknownType ? DkimKeyReport.Kind.KEY_TYPE : DkimKeyReport.Kind.INVALID_KEY,
              key.keyProblem().orElse("the key cannot be decoded")));
    } else if (key.keyType().equals(DkimKeyRecord.RSA)) {
      if (key.keyBits() < DkimVerifier.MIN_RSA_BITS) {
        findings.add(
            finding(
                DkimKeyReport.Severity.ERROR,
                DkimKeyReport.Kind.INVALID_KEY,
                "RSA key of " + key.keyBits() + " bits: under " + DkimVerifier.MIN_RSA_BITS
                    + " bits receivers must not accept it (RFC 8301)"));
      } else if (key.keyBits() < DkimVerifier.RECOMMENDED_RSA_BITS) {
        findings.add(
            finding(
                DkimKeyReport.Severity.WARNING,
                DkimKeyReport.Kind.WEAK_KEY,
                "RSA key of " + key.keyBits() + " bits is weak; use "
                    + DkimVerifier.RECOMMENDED_RSA_BITS + " bits (RFC 8301 §3.2)"));
      }
    } else {
      findings.add(
          finding(
              DkimKeyReport.Severity.INFO,
              DkimKeyReport.Kind.KEY_TYPE,
              "Ed25519 key (RFC 8463): not every receiver verifies it; sign with an RSA key too"));
    }
    if (key.isTesting()) {
      findings.add(
          finding(
              DkimKeyReport.Severity.WARNING,
              DkimKeyReport.Kind.TESTING,
              "the key is in testing mode (t=y): receivers treat signed mail as unsigned"));
    }
    if (key.isStrict()) {
      findings.add(
          finding(
              DkimKeyReport.Severity.INFO,
              DkimKeyReport.Kind.STRICT,
              "t=s: signatures whose i= uses a subdomain of d= are rejected"));
    }
    if (!key.allowsEmail()) {
      findings.add(
          finding(
              DkimKeyReport.Severity.ERROR,
              DkimKeyReport.Kind.SERVICE,
              "s=" + String.join(":", key.serviceTypes()) + " does not allow e-mail (email or *)"));
    }
    if (!key.allowsHash("sha256")) {
      findings.add(
          finding(
              DkimKeyReport.Severity.ERROR,
              DkimKeyReport.Kind.HASH,
              "h=" + String.join(":", key.hashAlgorithms())
                  + " does not allow sha256, the only hash receivers accept (RFC 8301)"));
    }
    List<TagList.Tag> tags = key.tags().tags();
    if (key.version().isPresent() && !tags.get(0).name().equals("v")) {
      findings.add(
          new DkimKeyReport.Finding(
              DkimKeyReport.Severity.WARNING,
              DkimKeyReport.Kind.VERSION_NOT_FIRST,
              "v=DKIM1 must be the first tag (RFC 6376 §3.6.1); some receivers reject the record",
              OptionalInt.of(key.tags().tag("v").get().position())));
    }
    for (TagList.Tag t : tags) {
      if (!KNOWN_TAGS.contains(t.name())) {
        findings.add(
            new DkimKeyReport.Finding(
                DkimKeyReport.Severity.INFO,
                DkimKeyReport.Kind.UNKNOWN_TAG,
                "unknown tag " + t.name() + "= (ignored by receivers)",
                OptionalInt.of(t.position())));
      }
    }
  }

  private static DkimKeyReport.Finding finding(
      DkimKeyReport.Severity severity, DkimKeyReport.Kind kind, String message) {
    return new DkimKeyReport.Finding(severity, kind, message, OptionalInt.empty());
  }

  private static String last(List<String> list) {
    return list.get(list.size() - 1);
  }

  /** Builds a {@link DkimKeyCheck}. */
  public static final class Builder {
    private final DnsClient dns;
    private Duration timeout = DkimVerifier.DEFAULT_TIMEOUT;

    private Builder(DnsClient dns) {
      this.dns = Objects.requireNonNull(dns, "dns must not be null");
    }

    /**
     * The bound on one check (default 20 s); past it the report is a temporary error.
     *
     * @param timeout positive, at most one hour
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout must not be null");
      if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException(
            "timeout must be positive and at most 1 hour, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** The check. */
    public DkimKeyCheck build() {
      return new DkimKeyCheck(this);
    }
  }
}
