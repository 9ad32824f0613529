package io.github.bouncekit.dns.investigate;

import io.github.bouncekit.Cause;
import io.github.bouncekit.Diagnosis;
import io.github.bouncekit.dns.DnsAnswer;
import io.github.bouncekit.dns.DnsClient;
import io.github.bouncekit.dns.dkim.DkimKeyCheck;
import io.github.bouncekit.dns.dkim.DkimKeyReport;
import io.github.bouncekit.dns.dmarc.DmarcCheck;
import io.github.bouncekit.dns.dmarc.DmarcPolicyResult;
import io.github.bouncekit.dns.dmarc.DmarcResult;
import io.github.bouncekit.dns.dnsbl.DnsblCheck;
import io.github.bouncekit.dns.dnsbl.DnsblReport;
import io.github.bouncekit.dns.dnsbl.DnsblTarget;
import io.github.bouncekit.dns.dnsbl.ZoneResult;
import io.github.bouncekit.dns.internal.IpAddresses;
import io.github.bouncekit.dns.spf.SpfEvaluator;
import io.github.bouncekit.dns.spf.SpfResult;
import io.github.bouncekit.remedy.Remedy;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Verifies a diagnosis with live DNS: from a {@link Diagnosis} and what the sender knows ({@link
 * SenderFacts}) it runs the checks the diagnosed cause calls for ({@link #checksFor}), all at once,
 * and returns what each found with the diagnosis's remedies re-ordered by the findings. A blocked
 * sender learns which lists name its IP and where to ask for removal; an SPF or DMARC failure
 * learns whether its records authorise the IP and align; a missing-PTR refusal learns whether the
 * IP's reverse DNS resolves back.
 *
 * <p>A check never guesses: a DNS failure or a missing fact gives {@link Verdict#UNKNOWN}, never
 * "no problem". Each check keeps the deadline of its engine ({@link DnsblCheck#DEFAULT_TIMEOUT},
 * {@link SpfEvaluator#DEFAULT_TIMEOUT}, {@link DmarcCheck#DEFAULT_TIMEOUT}); the checks run
 * concurrently, DMARC after the SPF and DKIM checks it needs. Immutable and thread-safe: build one
 * and share it.
 *
 * <pre>{@code
 * Investigator investigator = Investigator.builder(dns).build();
 * Investigation i = investigator.investigateSync(
 *     classifier.diagnose(reply),
 *     SenderFacts.none().withIp("192.0.2.1").withMailFrom("bounces@example.com"));
 * i.problems();  // [DNSBL PROBLEM 192.0.2.1: listed on spamcop ...]
 * i.remedies();  // the delisting steps first
 * }</pre>
 */
public final class Investigator {
  /** The most PTR names whose forward records are read (RFC 7208 uses the same bound). */
  static final int MAX_PTR_NAMES = 10;

  private final DnsClient dns;
  private final DnsblCheck dnsbl;
  private final SpfEvaluator spf;
  private final DmarcCheck dmarc;
  private final DkimKeyCheck dkimKeys;

  private Investigator(Builder b) {
    this.dns = b.dns;
    this.dnsbl = b.dnsbl != null ? b.dnsbl : DnsblCheck.builder(b.dns).build();
    this.spf = b.spf != null ? b.spf : SpfEvaluator.builder(b.dns).build();
    this.dmarc = b.dmarc != null ? b.dmarc : DmarcCheck.builder(b.dns).build();
    this.dkimKeys = b.dkimKeys != null ? b.dkimKeys : DkimKeyCheck.builder(b.dns).build();
  }

  /**
   * A builder whose checks use {@code dns}.
   *
   * @param dns the DNS client every check uses unless its own engine is given
   * @return the builder
   */
  public static Builder builder(DnsClient dns) {
    return new Builder(dns);
  }

  /**
   * The checks a cause calls for: a blocklisting, a poor reputation or an unexplained block, the
   * DNS blocklists (and reverse DNS for an unexplained block, the other common reason for one); an
   * SPF failure, SPF; a DKIM failure, the DKIM keys; a DMARC failure or unauthenticated mail, SPF,
   * the DKIM keys and DMARC; a missing PTR, reverse DNS. Every other cause calls for none: DNS
   * cannot tell whether a mailbox exists or is full.
   *
   * @param cause a cause
   * @return the checks, possibly none
   */
  public static Set<Check> checksFor(Cause cause) {
    Objects.requireNonNull(cause, "cause must not be null");
    switch (cause) {
      case BLOCKLISTED:
      case LOW_REPUTATION:
        return Set.of(Check.DNSBL);
      case BLOCKED_UNSPECIFIED:
        return Set.of(Check.DNSBL, Check.PTR);
      case AUTH_SPF:
        return Set.of(Check.SPF);
      case AUTH_DKIM:
        return Set.of(Check.DKIM_KEY);
      case AUTH_DMARC:
      case AUTH_UNAUTHENTICATED:
        return Set.of(Check.SPF, Check.DKIM_KEY, Check.DMARC);
      case MISSING_PTR:
        return Set.of(Check.PTR);
      default:
        return Set.of();
    }
  }

  /**
   * Investigates a diagnosis with the checks its cause calls for.
   *
   * @param diagnosis the diagnosis
   * @param sender what the sender knows
   * @return the investigation; the stage never completes exceptionally
   */
  public CompletionStage<Investigation> investigate(Diagnosis diagnosis, SenderFacts sender) {
    Objects.requireNonNull(diagnosis, "diagnosis must not be null");
    return investigate(diagnosis, sender, checksFor(diagnosis.cause()));
  }

  /**
   * Investigates a diagnosis with the checks given. DMARC needs the SPF and DKIM results, so asking
   * for it runs those checks too. When the sender gives no IP and a check needs one, the first
   * public IP address the reply names is used (replies name the client they refuse: "Client host
   * [192.0.2.1] blocked") and the notes say so.
   *
   * @param diagnosis the diagnosis
   * @param sender what the sender knows
   * @param checks the checks to run
   * @return the investigation; the stage never completes exceptionally
   */
  public CompletionStage<Investigation> investigate(
      Diagnosis diagnosis, SenderFacts sender, Collection<Check> checks) {
    Objects.requireNonNull(diagnosis, "diagnosis must not be null");
    Objects.requireNonNull(sender, "sender must not be null");
    EnumSet<Check> run = expand(checks);
    List<String> notes = new ArrayList<>();
    SenderFacts facts = sender;
    boolean needsIp = run.contains(Check.DNSBL) || run.contains(Check.SPF) || run.contains(Check.PTR);
    if (needsIp && sender.ip().isEmpty()) {
      Optional<InetAddress> fromReply = publicAddress(diagnosis.facts().ipAddresses());
      if (fromReply.isPresent()) {
        facts = sender.withIp(fromReply.get());
        notes.add(
            "the sending IP "
                + fromReply.get().getHostAddress()
                + " was taken from the reply; give SenderFacts.withIp if another address sent");
      }
    }
    if (run.isEmpty()) {
      notes.add(
          "the cause "
              + diagnosis.cause().id()
              + " calls for no DNS check: DNS cannot confirm or refute it");
    }
    SenderFacts used = facts;
    return findings(run, used)
        .thenApply(
            found ->
                new Investigation(
                    diagnosis,
                    used,
                    List.copyOf(run),
                    found,
                    reorder(diagnosis.remedies(), found),
                    notes));
  }

  /** {@link #investigate(Diagnosis, SenderFacts)}, waiting for the answer. */
  public Investigation investigateSync(Diagnosis diagnosis, SenderFacts sender) {
    return investigate(diagnosis, sender).toCompletableFuture().join();
  }

  /** {@link #investigate(Diagnosis, SenderFacts, Collection)}, waiting for the answer. */
  public Investigation investigateSync(
      Diagnosis diagnosis, SenderFacts sender, Collection<Check> checks) {
    return investigate(diagnosis, sender, checks).toCompletableFuture().join();
  }

  /**
   * Runs checks without a diagnosis: an audit of a sender's setup. DMARC runs SPF and the DKIM
   * keys too.
   *
   * @param checks the checks
   * @param sender what the sender knows
   * @return what they found, in {@link Check} order; the stage never completes exceptionally
   */
  public CompletionStage<List<Finding>> check(Collection<Check> checks, SenderFacts sender) {
    Objects.requireNonNull(sender, "sender must not be null");
    return findings(expand(checks), sender);
  }

  /** {@link #check(Collection, SenderFacts)}, waiting for the answer. */
  public List<Finding> checkSync(Collection<Check> checks, SenderFacts sender) {
    return check(checks, sender).toCompletableFuture().join();
  }

  private static EnumSet<Check> expand(Collection<Check> checks) {
    Objects.requireNonNull(checks, "checks must not be null");
    EnumSet<Check> run = EnumSet.noneOf(Check.class);
    for (Check c : checks) {
      run.add(Objects.requireNonNull(c, "checks must not contain null"));
    }
    if (run.contains(Check.DMARC)) {
      run.add(Check.SPF);
      run.add(Check.DKIM_KEY);
    }
    return run;
  }

  // ------------------------------------------------------------------ the checks

  private record Part(List<Finding> findings, List<String> domains) {
    static final Part NONE = new Part(List.of(), List.of());
  }

  private CompletableFuture<List<Finding>> findings(EnumSet<Check> run, SenderFacts s) {
    CompletableFuture<Part> bl = run.contains(Check.DNSBL) ? dnsbl(s) : done(Part.NONE);
    CompletableFuture<Part> sp = run.contains(Check.SPF) ? spf(s) : done(Part.NONE);
    CompletableFuture<Part> dk = run.contains(Check.DKIM_KEY) ? dkim(s) : done(Part.NONE);
    CompletableFuture<Part> ptr = run.contains(Check.PTR) ? ptr(s) : done(Part.NONE);
    CompletableFuture<Part> dm =
        run.contains(Check.DMARC)
            ? sp.thenCombine(dk, (a, b) -> new Part[] {a, b})
                .thenCompose(p -> dmarc(s, p[0], p[1]))
            : done(Part.NONE);
    List<CompletableFuture<Part>> parts = List.of(bl, sp, dk, dm, ptr); // Check order
    return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0]))
        .thenApply(
            v -> parts.stream().flatMap(p -> p.join().findings().stream()).toList());
  }

  private static CompletableFuture<Part> done(Part p) {
    return CompletableFuture.completedFuture(p);
  }

  // A stage that failed unexpectedly becomes an UNKNOWN finding, so the investigation completes.
  private static CompletableFuture<Part> guarded(
      Supplier<CompletionStage<Part>> work, Check check, String subject) {
    CompletionStage<Part> stage;
    try {
      stage = work.get();
    } catch (RuntimeException e) {
      // An engine refused its input (a name its own checks find malformed): nothing is known.
      return done(
          one(check, Verdict.UNKNOWN, subject,
              "not checked: " + (e.getMessage() == null ? e.toString() : e.getMessage())));
    }
    return stage
        .toCompletableFuture()
        .exceptionally(
            e -> {
              Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
              return one(check, Verdict.UNKNOWN, subject, "the check failed: " + t);
            });
  }

  private static Part one(Check check, Verdict verdict, String subject, String summary) {
    return new Part(List.of(Finding.of(check, verdict, subject, summary)), List.of());
  }

  private static Part missing(Check check, String what) {
    return one(check, Verdict.UNKNOWN, "-", "not checked: " + what);
  }

  private CompletableFuture<Part> dnsbl(SenderFacts s) {
    Optional<String> domain = s.dmarcDomain();
    if (s.ip().isEmpty() && domain.isEmpty()) {
      return done(missing(Check.DNSBL, "no sending IP or sender domain given (SenderFacts.withIp)"));
    }
    CompletableFuture<Part> ip =
        s.ip().isEmpty()
            ? done(
                missing(
                    Check.DNSBL,
                    "no sending IP given and the reply names none (SenderFacts.withIp); only the"
                        + " domain lists were asked"))
            : guarded(
                () -> dnsbl.check(DnsblTarget.of(s.ip().get())).thenApply(Investigator::listings),
                Check.DNSBL,
                s.ip().get().getHostAddress());
    CompletableFuture<Part> dom =
        domain.isEmpty()
            ? done(Part.NONE)
            : guarded(
                () -> dnsbl.check(DnsblTarget.ofDomain(domain.get())).thenApply(Investigator::listings),
                Check.DNSBL,
                domain.get());
    return ip.thenCombine(dom, Investigator::join);
  }

  private static Part join(Part a, Part b) {
    List<Finding> f = new ArrayList<>(a.findings());
    f.addAll(b.findings());
    List<String> d = new ArrayList<>(a.domains());
    d.addAll(b.domains());
    return new Part(f, d);
  }

  // One PROBLEM per list naming the target; otherwise one NO_PROBLEM for the lists that answered.
  // Lists that gave no usable answer make one UNKNOWN.
  private static Part listings(DnsblReport r) {
    String subject = r.target().value();
    List<Finding> out = new ArrayList<>();
    for (ZoneResult z : r.listed()) {
      StringBuilder b =
          new StringBuilder("listed on ")
              .append(z.zone().id())
              .append(" (")
              .append(z.zone().operator())
              .append(")");
      if (!z.meanings().isEmpty()) {
        b.append(": ").append(String.join("; ", z.meanings()));
      }
      z.txt().ifPresent(t -> b.append(" - reason given: ").append(t));
      out.add(
          new Finding(
              Check.DNSBL, Verdict.PROBLEM, subject, b.toString(), Optional.of(z.zone().lookupUrl())));
    }
    List<ZoneResult> errors = r.errors();
    int answered = r.results().size() - errors.size();
    if (out.isEmpty() && answered > 0) {
      out.add(
          Finding.of(
              Check.DNSBL,
              Verdict.NO_PROBLEM,
              subject,
              "not listed on the "
                  + answered
                  + " list(s) that answered: "
                  + r.results().stream()
                      .filter(z -> !z.isError())
                      .map(z -> z.zone().id())
                      .collect(Collectors.joining(", "))));
    }
    if (!errors.isEmpty()) {
      out.add(
          Finding.of(
              Check.DNSBL,
              Verdict.UNKNOWN,
              subject,
              errors.size()
                  + " list(s) gave no usable answer, so the target may or may not be listed there: "
                  + errors.stream()
                      .map(z -> z.zone().id() + " (" + z.detail() + ")")
                      .collect(Collectors.joining(", "))));
    }
    if (out.isEmpty()) {
      out.add(
          Finding.of(
              Check.DNSBL, Verdict.UNKNOWN, subject, "no configured list takes this kind of target"));
    }
    return new Part(out, List.of());
  }

  private CompletableFuture<Part> spf(SenderFacts s) {
    if (s.ip().isEmpty()) {
      return done(missing(Check.SPF, "no sending IP given and the reply names none (SenderFacts.withIp)"));
    }
    if (s.mailFrom().isEmpty() && s.helo().isEmpty()) {
      return done(
          missing(Check.SPF, "no MAIL FROM or HELO name given (SenderFacts.withMailFrom, withHelo)"));
    }
    InetAddress ip = s.ip().get();
    String helo = s.helo().orElseGet(() -> s.mailFromDomain().orElseThrow());
    String subject = s.mailFromDomain().orElse(helo);
    return guarded(
        () -> spf.check(ip, s.mailFrom().orElse(""), helo).thenApply(r -> spfPart(r, ip)),
        Check.SPF,
        subject);
  }

  private static Part spfPart(SpfResult r, InetAddress ip) {
    String addr = ip.getHostAddress();
    String why = r.reason().isEmpty() ? "" : " (" + r.reason() + ")";
    switch (r.code()) {
      case PASS:
        return new Part(
            List.of(
                Finding.of(
                    Check.SPF,
                    Verdict.NO_PROBLEM,
                    r.domain(),
                    "SPF pass: " + r.domain() + " authorises " + addr
                        + r.mechanism().map(m -> " through '" + m + "'").orElse(""))),
            List.of(r.domain()));
      case TEMPERROR:
        return one(Check.SPF, Verdict.UNKNOWN, r.domain(),
            "SPF temperror: a DNS look-up failed, try again" + why);
      case NONE:
        return one(Check.SPF, Verdict.PROBLEM, r.domain(),
            "SPF none: " + r.domain() + " publishes no SPF record" + why);
      case PERMERROR:
        return one(Check.SPF, Verdict.PROBLEM, r.domain(),
            "SPF permerror: the record of " + r.domain()
                + " cannot be evaluated, which receivers treat as a failure" + why);
      default:
        return one(Check.SPF, Verdict.PROBLEM, r.domain(),
            "SPF " + r.code().token() + ": " + r.domain() + " does not authorise " + addr + why);
    }
  }

  private CompletableFuture<Part> dkim(SenderFacts s) {
    if (s.dkimSelectors().isEmpty()) {
      return done(
          missing(
              Check.DKIM_KEY,
              "no DKIM selector given (SenderFacts.withDkimSelector with the s= and d= of your"
                  + " DKIM-Signature)"));
    }
    List<CompletableFuture<Part>> each = new ArrayList<>();
    for (DkimKeyCheck.Selector sel : s.dkimSelectors()) {
      String subject = sel.selector() + "._domainkey." + sel.domain();
      each.add(
          guarded(
              () -> dkimKeys.check(sel.selector(), sel.domain()).thenApply(Investigator::keyPart),
              Check.DKIM_KEY,
              subject));
    }
    return CompletableFuture.allOf(each.toArray(new CompletableFuture<?>[0]))
        .thenApply(v -> each.stream().map(CompletableFuture::join).reduce(Part.NONE, Investigator::join));
  }

  private static Part keyPart(DkimKeyReport r) {
    switch (r.status()) {
      case VALID:
        String warnings =
            r.findings().stream()
                .filter(f -> f.severity() == DkimKeyReport.Severity.WARNING)
                .map(DkimKeyReport.Finding::message)
                .collect(Collectors.joining("; "));
        return new Part(
            List.of(
                Finding.of(
                    Check.DKIM_KEY,
                    Verdict.NO_PROBLEM,
                    r.name(),
                    "a usable key is published"
                        + r.keyType().map(t -> " (" + t + (r.keyBits() > 0 ? ", " + r.keyBits() + " bits" : "") + ")").orElse("")
                        + (warnings.isEmpty() ? "" : "; warnings: " + warnings))),
            List.of(r.domain()));
      case NOT_FOUND:
        return one(Check.DKIM_KEY, Verdict.PROBLEM, r.name(),
            "no key is published at " + r.name() + ": signatures with this selector cannot verify");
      case INVALID:
        return one(Check.DKIM_KEY, Verdict.PROBLEM, r.name(), "the key cannot verify signatures: " + r.summary());
      default:
        return one(Check.DKIM_KEY, Verdict.UNKNOWN, r.name(), "the key look-up failed: " + r.summary());
    }
  }

  // DMARC over what the SPF and DKIM checks found: their domains with a pass are the candidates
  // for alignment.
  private CompletableFuture<Part> dmarc(SenderFacts s, Part spfPart, Part dkimPart) {
    Optional<String> domain = s.dmarcDomain();
    if (domain.isEmpty()) {
      return done(
          missing(Check.DMARC, "no From or MAIL FROM domain given (SenderFacts.withFromDomain)"));
    }
    List<String> gaps = new ArrayList<>();
    if (spfPart.findings().stream().anyMatch(f -> f.verdict() == Verdict.UNKNOWN)) {
      gaps.add("SPF could not be evaluated");
    }
    if (dkimPart.findings().stream().anyMatch(f -> f.verdict() == Verdict.UNKNOWN)) {
      gaps.add(
          s.dkimSelectors().isEmpty()
              ? "no DKIM selector was given"
              : "a DKIM key look-up gave no answer");
    }
    return guarded(
        () -> dmarc
            .evaluate(domain.get(), spfPart.domains(), dkimPart.domains())
            .thenApply(r -> dmarcPart(r, domain.get(), gaps)),
        Check.DMARC,
        domain.get());
  }

  private static Part dmarcPart(DmarcResult r, String domain, List<String> gaps) {
    DmarcPolicyResult p = r.policy();
    String policy =
        p.appliedPolicy().map(x -> " (policy " + x.toString().toLowerCase(Locale.ROOT) + ")").orElse("");
    switch (r.verdict()) {
      case PASS:
        return one(Check.DMARC, Verdict.NO_PROBLEM, domain,
            "DMARC pass" + policy + ": aligned "
                + r.alignedSpfDomain().map(d -> "SPF pass for " + d).orElse("")
                + (r.alignedSpfDomain().isPresent() && r.alignedDkimDomain().isPresent() ? " and " : "")
                + r.alignedDkimDomain().map(d -> "DKIM key of " + d + " (the signature itself is not verified here)").orElse(""));
      case NONE:
        return one(Check.DMARC, Verdict.PROBLEM, domain,
            "no DMARC policy for " + domain + ": " + p.reason()
                + "; Gmail, Yahoo and Microsoft require one of bulk senders");
      case TEMPERROR:
        return one(Check.DMARC, Verdict.UNKNOWN, domain, "DMARC temperror: " + r.reason());
      case PERMERROR:
        return one(Check.DMARC, Verdict.PROBLEM, domain, "DMARC permerror: " + r.reason());
      default:
        if (!gaps.isEmpty()) {
          return one(Check.DMARC, Verdict.UNKNOWN, domain,
              "no aligned pass found" + policy + ", but " + String.join(" and ", gaps)
                  + ", so an aligned pass may exist: " + r.reason());
        }
        return one(Check.DMARC, Verdict.PROBLEM, domain,
            "DMARC fail" + policy + ": neither SPF nor a DKIM key given gives " + domain
                + " an aligned pass: " + r.reason());
    }
  }

  private CompletableFuture<Part> ptr(SenderFacts s) {
    if (s.ip().isEmpty()) {
      return done(missing(Check.PTR, "no sending IP given and the reply names none (SenderFacts.withIp)"));
    }
    InetAddress ip = s.ip().get();
    String addr = ip.getHostAddress();
    return guarded(
        () -> dns.ptr(ip).thenCompose(answer -> forward(ip, answer)), Check.PTR, addr);
  }

  private CompletionStage<Part> forward(InetAddress ip, DnsAnswer<String> answer) {
    String addr = ip.getHostAddress();
    if (answer.failure().isPresent()) {
      DnsAnswer.Failure<String> f = answer.failure().get();
      return done(one(Check.PTR, Verdict.UNKNOWN, addr,
          "the PTR look-up failed (" + f.kind() + "): try again"));
    }
    List<String> names = answer.values();
    if (names.isEmpty()) {
      return done(one(Check.PTR, Verdict.PROBLEM, addr,
          "no PTR record for " + addr + ": receivers that require reverse DNS refuse its mail"));
    }
    List<String> asked = names.subList(0, Math.min(names.size(), MAX_PTR_NAMES));
    List<CompletableFuture<DnsAnswer<InetAddress>>> fwd = new ArrayList<>();
    for (String name : asked) {
      fwd.add((ip instanceof Inet4Address ? dns.a(name) : dns.aaaa(name)).toCompletableFuture());
    }
    return CompletableFuture.allOf(fwd.toArray(new CompletableFuture<?>[0]))
        .thenApply(
            v -> {
              boolean failed = false;
              for (int i = 0; i < asked.size(); i++) {
                DnsAnswer<InetAddress> a = fwd.get(i).join();
                failed |= a.failure().isPresent();
                if (a.values().stream().anyMatch(x -> IpAddresses.normalize(x).equals(ip))) {
                  String name = asked.get(i);
                  if (looksGeneric(name, ip)) {
                    return one(Check.PTR, Verdict.PROBLEM, addr,
                        addr + " has the PTR name " + name + ", which resolves back, but it looks"
                            + " like an access network's generic name: receivers that want a mail"
                            + " server's own name refuse it");
                  }
                  return one(Check.PTR, Verdict.NO_PROBLEM, addr,
                      addr + " has the PTR name " + name + ", which resolves back to it");
                }
              }
              String list = String.join(", ", asked);
              if (failed) {
                return one(Check.PTR, Verdict.UNKNOWN, addr,
                    "the PTR name(s) " + list + " could not all be resolved back: try again");
              }
              return one(Check.PTR, Verdict.PROBLEM, addr,
                  "the PTR name(s) " + list + " do not resolve back to " + addr
                      + " (forward-confirmed reverse DNS fails)");
            });
  }

  private static final Set<String> GENERIC_WORDS =
      Set.of("dynamic", "dyn", "dhcp", "dsl", "adsl", "vdsl", "pool", "cable", "ppp", "pppoe",
          "dialup", "dial", "broadband", "dyndsl", "cpe");

  /**
   * Whether a PTR name looks like an access network's generic name: it spells the address's four
   * octets in a row (forwards or backwards, as in {@code 192-0-2-1.pool.example.net}), or one of
   * its labels (or a dash-separated part of one) is a word such as {@code dynamic}, {@code dsl} or
   * {@code pool}.
   */
  static boolean looksGeneric(String name, InetAddress ip) {
    String n = name.toLowerCase(Locale.ROOT);
    for (String part : n.split("[.-]")) {
      if (GENERIC_WORDS.contains(part)) {
        return true;
      }
    }
    byte[] b = ip.getAddress();
    if (b.length != 4) {
      return false;
    }
    List<String> digits = Arrays.stream(n.split("[^0-9]+")).filter(x -> !x.isEmpty()).toList();
    String[] octets = new String[4];
    for (int i = 0; i < 4; i++) {
      octets[i] = Integer.toString(b[i] & 0xff);
    }
    for (int i = 0; i + 4 <= digits.size(); i++) {
      boolean fwd = true;
      boolean back = true;
      for (int k = 0; k < 4; k++) {
        fwd &= stripZeros(digits.get(i + k)).equals(octets[k]);
        back &= stripZeros(digits.get(i + k)).equals(octets[3 - k]);
      }
      if (fwd || back) {
        return true;
      }
    }
    return false;
  }

  private static String stripZeros(String d) {
    int i = 0;
    while (i < d.length() - 1 && d.charAt(i) == '0') {
      i++;
    }
    return d.substring(i);
  }

  // ------------------------------------------------------------------ facts and remedies

  // The first address the reply names that could be a sender's public address.
  static Optional<InetAddress> publicAddress(List<String> addresses) {
    for (String a : addresses) {
      InetAddress ip;
      try {
        ip = SenderFacts.parseIp(a);
      } catch (IllegalArgumentException e) {
        continue;
      }
      byte[] b = ip.getAddress();
      boolean ula = b.length == 16 && (b[0] & 0xfe) == 0xfc;
      if (!ip.isAnyLocalAddress() && !ip.isLoopbackAddress() && !ip.isLinkLocalAddress()
          && !ip.isSiteLocalAddress() && !ip.isMulticastAddress() && !ula
          && !(b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64)) { // CGNAT 100.64/10
        return Optional.of(ip);
      }
    }
    return Optional.empty();
  }

  /** The check a remedy's advice depends on, if any (by the remedy catalogue's ids). */
  static Optional<Check> checkOf(String remedyId) {
    switch (remedyId) {
      case "check-blocklists":
      case "request-delisting":
      case "cloudmark-reset":
        return Optional.of(Check.DNSBL);
      case "publish-spf":
      case "fix-spf-include":
      case "outlook-spf-include":
        return Optional.of(Check.SPF);
      case "sign-dkim":
        return Optional.of(Check.DKIM_KEY);
      case "publish-dmarc":
      case "align-from-domain":
        return Optional.of(Check.DMARC);
      case "set-ptr-record":
        return Optional.of(Check.PTR);
      default:
        return remedyId.endsWith("-removal") || remedyId.contains("delist")
            ? Optional.of(Check.DNSBL)
            : Optional.empty();
    }
  }

  // Remedies tied to a check that found a problem first; those tied to a check whose findings are
  // all NO_PROBLEM last; the rest in between. The order within each group is kept.
  static List<Remedy> reorder(List<Remedy> remedies, List<Finding> findings) {
    EnumSet<Check> problem = EnumSet.noneOf(Check.class);
    EnumSet<Check> seen = EnumSet.noneOf(Check.class);
    EnumSet<Check> notClean = EnumSet.noneOf(Check.class);
    for (Finding f : findings) {
      seen.add(f.check());
      if (f.verdict() == Verdict.PROBLEM) {
        problem.add(f.check());
      }
      if (f.verdict() != Verdict.NO_PROBLEM) {
        notClean.add(f.check());
      }
    }
    List<Remedy> first = new ArrayList<>();
    List<Remedy> middle = new ArrayList<>();
    List<Remedy> last = new ArrayList<>();
    for (Remedy r : remedies) {
      Optional<Check> c = checkOf(r.id());
      if (c.isPresent() && problem.contains(c.get())) {
        first.add(r);
      } else if (c.isPresent() && seen.contains(c.get()) && !notClean.contains(c.get())) {
        last.add(r);
      } else {
        middle.add(r);
      }
    }
    first.addAll(middle);
    first.addAll(last);
    return first;
  }

  /** Builds an {@link Investigator}. */
  public static final class Builder {
    private final DnsClient dns;
    private DnsblCheck dnsbl;
    private SpfEvaluator spf;
    private DmarcCheck dmarc;
    private DkimKeyCheck dkimKeys;

    private Builder(DnsClient dns) {
      this.dns = Objects.requireNonNull(dns, "dns must not be null");
    }

    /**
     * The blocklist check to use (default: {@code DnsblCheck.builder(dns).build()}, every shipped
     * zone).
     *
     * @param check the check
     * @return this builder
     */
    public Builder dnsbl(DnsblCheck check) {
      this.dnsbl = Objects.requireNonNull(check, "check must not be null");
      return this;
    }

    /**
     * The SPF evaluator to use (default: {@code SpfEvaluator.builder(dns).build()}).
     *
     * @param evaluator the evaluator
     * @return this builder
     */
    public Builder spf(SpfEvaluator evaluator) {
      this.spf = Objects.requireNonNull(evaluator, "evaluator must not be null");
      return this;
    }

    /**
     * The DMARC check to use (default: {@code DmarcCheck.builder(dns).build()}, RFC 9989).
     *
     * @param check the check
     * @return this builder
     */
    public Builder dmarc(DmarcCheck check) {
      this.dmarc = Objects.requireNonNull(check, "check must not be null");
      return this;
    }

    /**
     * The DKIM key check to use (default: {@code DkimKeyCheck.builder(dns).build()}).
     *
     * @param check the check
     * @return this builder
     */
    public Builder dkimKeys(DkimKeyCheck check) {
      this.dkimKeys = Objects.requireNonNull(check, "check must not be null");
      return this;
    }

    /**
     * Builds the investigator.
     *
     * @return it
     */
    public Investigator build() {
      return new Investigator(this);
    }
  }
}
