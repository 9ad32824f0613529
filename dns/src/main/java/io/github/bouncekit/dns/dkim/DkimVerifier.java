package io.github.bouncekit.dns.dkim;

import io.github.bouncekit.dns.DnsAnswer;
import io.github.bouncekit.dns.DnsClient;
import io.github.bouncekit.dns.ParseResult;
import io.github.bouncekit.dns.SyntaxError;
import io.github.bouncekit.dns.TxtRecord;
import io.github.bouncekit.dns.internal.SafeDns;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies the DKIM signatures of a message (RFC 6376, RFC 8463 Ed25519, RFC 8301), fetching the
 * keys through a {@link DnsClient}.
 *
 * <pre>{@code
 * DkimVerifier dkim = DkimVerifier.builder(dnsClient).build();
 * DkimVerification v = dkim.verifySync(Files.readAllBytes(Path.of("message.eml")));
 * v.outcome();                   // NONE, PASS, FAIL, NEUTRAL, TEMPERROR, PERMERROR
 * for (DkimResult r : v.signatures()) {
 *   r.code(); r.problem(); r.reason();   // FAIL, BODY_HASH, "body hash mismatch: ..."
 * }
 * }</pre>
 *
 * <p>Every DKIM-Signature field is verified: its tags ({@link DkimSignature#parse(String)}), the
 * key record at {@code s._domainkey.d} ({@link DkimKeyRecord}), then the body hash and the
 * signature over the signed header fields, with {@code simple} and {@code relaxed}
 * canonicalisation, {@code l=}, over-signed header names (a name listed more often than the field
 * occurs), and {@code rsa-sha256} or {@code ed25519-sha256} through the JDK's own crypto. Per RFC
 * 8301, {@code rsa-sha1} and RSA keys under 1024 bits give permerror. In order, the checks are: the
 * signature's syntax (permerror); the key look-up (temperror for a DNS failure, permerror for none);
 * the key record (revoked, key type, {@code h=}, {@code s=}, {@code t=s}, undecodable key, size:
 * permerror); the algorithm ({@code rsa-sha1}: permerror); the expiry {@code x=} (fail); the body
 * hash (fail); the signature (fail). A failure under a key in testing mode ({@code t=y}) is reported
 * as neutral. With several key records, the first usable one is used.
 *
 * <p>Never throws for any message: at most {@link Builder#maxMessageBytes(int)} octets are
 * verified (64 MiB by default; a larger message gives permerror), at most {@link
 * Builder#maxSignatures(int)} signatures (16 by default; the others give permerror), and the whole
 * verification is bounded by {@link Builder#timeout(Duration)} (temperror for the signatures whose
 * key had not arrived). Bare LF line ends are read as CR LF. The parsers are linear in their input,
 * and the signed header fields are found through an index, so hostile headers cost linear time.
 * Instances are immutable and thread-safe; the checks after a key arrives run on the DNS client's
 * completing thread unless {@link Builder#executor(Executor)} is given.
 */
public final class DkimVerifier {

  /** The default bound on one verification. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

  /** The default largest message verified: 64 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

  /** The default most signatures verified per message. */
  public static final int DEFAULT_MAX_SIGNATURES = 16;

  /** RSA keys under this many bits are not valid (RFC 8301 §3.2). */
  public static final int MIN_RSA_BITS = 1024;

  /** RSA keys under this many bits are weak (a warning). */
  public static final int RECOMMENDED_RSA_BITS = 2048;

  private static final Logger LOG = LoggerFactory.getLogger(DkimVerifier.class);

  private final DnsClient dns;
  private final Clock clock;
  private final Duration timeout;
  private final int maxMessageBytes;
  private final int maxSignatures;
  private final boolean legacy;
  private final Executor executor;

  private DkimVerifier(Builder b) {
    this.dns = b.dns;
    this.clock = b.clock;
    this.timeout = b.timeout;
    this.maxMessageBytes = b.maxMessageBytes;
    this.maxSignatures = b.maxSignatures;
    this.legacy = b.legacy;
    this.executor = b.executor;
  }

  /**
   * A builder with the defaults.
   *
   * @param dns the DNS client that fetches the keys
   * @return the builder
   */
  public static Builder builder(DnsClient dns) {
    return new Builder(dns);
  }

  /**
   * Verifies every DKIM-Signature of a message.
   *
   * @param message the whole message, header and body, as received (CR LF line ends)
   * @return the verification; the stage never completes exceptionally
   */
  public CompletionStage<DkimVerification> verify(byte[] message) {
    Objects.requireNonNull(message, "message must not be null");
    if (message.length > maxMessageBytes) {
      return CompletableFuture.completedFuture(
          new DkimVerification(
              DkimResult.Code.PERMERROR,
              List.of(),
              "message of " + message.length + " octets is larger than " + maxMessageBytes));
    }
    MessageParts parts;
    try {
      parts = MessageParts.parse(message.clone());
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(
          new DkimVerification(
              DkimResult.Code.PERMERROR, List.of(), "message could not be read: " + e));
    }
    List<MessageParts.Field> sigFields = new ArrayList<>();
    boolean domainKeys = false;
    for (MessageParts.Field f : parts.fields) {
      if (f.lowerName().equals("dkim-signature")) {
        sigFields.add(f);
      } else if (f.lowerName().equals("domainkey-signature")) {
        domainKeys = true;
      }
    }
    if (sigFields.isEmpty()) {
      return CompletableFuture.completedFuture(
          new DkimVerification(
              DkimResult.Code.NONE,
              List.of(),
              domainKeys
                  ? "no DKIM-Signature; only DomainKey-Signature (RFC 4870, historic), which is"
                      + " not DKIM"
                  : "no DKIM-Signature header field"));
    }
    Context ctx = new Context(parts);
    List<CompletableFuture<DkimResult>> stages = new ArrayList<>();
    for (int i = 0; i < sigFields.size(); i++) {
      int index = i;
      MessageParts.Field field = sigFields.get(i);
      if (i >= maxSignatures) {
        stages.add(
            CompletableFuture.completedFuture(
                error(
                    DkimResult.Code.PERMERROR,
                    DkimResult.Problem.TOO_MANY_SIGNATURES,
                    index,
                    Optional.empty(),
                    "more than " + maxSignatures + " DKIM-Signature fields; not verified")));
        continue;
      }
      CompletableFuture<DkimResult> one;
      try {
        one = verifyOne(ctx, index, field).toCompletableFuture();
      } catch (RuntimeException e) {
        one = CompletableFuture.failedFuture(e);
      }
      stages.add(
          one.copy()
              .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .handle((r, ex) -> r != null ? r : fromError(index, field, ex)));
    }
    return CompletableFuture.allOf(stages.toArray(new CompletableFuture<?>[0]))
        .thenApply(
            ignored -> {
              List<DkimResult> results = new ArrayList<>();
              for (CompletableFuture<DkimResult> s : stages) {
                results.add(s.join());
              }
              DkimVerification v = DkimVerification.of(results);
              if (LOG.isDebugEnabled()) {
                LOG.debug("DKIM verification: {}", v);
              }
              return v;
            });
  }

  /**
   * {@link #verify(byte[])}, waiting for the result (at most the timeout).
   *
   * @param message the whole message
   * @return the verification
   */
  public DkimVerification verifySync(byte[] message) {
    return verify(message).toCompletableFuture().join();
  }

  private CompletionStage<DkimResult> verifyOne(
      Context ctx, int index, MessageParts.Field field) {
    String raw = field.raw();
    int colon = raw.indexOf(':');
    String value = raw.substring(colon + 1);
    ParseResult<DkimSignature> parsed = DkimSignature.parse(value);
    if (parsed.error().isPresent()) {
      SyntaxError e = parsed.error().get();
      DkimResult r =
          new DkimResult(
              DkimResult.Code.PERMERROR,
              Optional.of(DkimResult.Problem.SIGNATURE_SYNTAX),
              index,
              Optional.empty(),
              looseTag(value, "d"),
              looseTag(value, "s"),
              0,
              false,
              List.of(),
              "malformed DKIM-Signature: " + e);
      return CompletableFuture.completedFuture(r);
    }
    DkimSignature sig = parsed.orElseThrow();
    String name = sig.keyName();
    CompletionStage<DnsAnswer<TxtRecord>> key = SafeDns.call(name, () -> dns.txt(name));
    if (executor == null) {
      return key.thenApply(answer -> afterKey(ctx, index, field, colon + 1, sig, answer));
    }
    return key.thenApplyAsync(answer -> afterKey(ctx, index, field, colon + 1, sig, answer), executor);
  }

  private DkimResult afterKey(
      Context ctx,
      int index,
      MessageParts.Field field,
      int valueOffset,
      DkimSignature sig,
      DnsAnswer<TxtRecord> answer) {
    Outcome o = new Outcome(index, sig);
    if (answer instanceof DnsAnswer.Failure) {
      return o.error(
          DkimResult.Code.TEMPERROR,
          DkimResult.Problem.DNS,
          SafeDns.describe((DnsAnswer.Failure<?>) answer, "TXT"));
    }
    if (answer.values().isEmpty()) {
      return o.error(
          DkimResult.Code.PERMERROR,
          DkimResult.Problem.KEY_NOT_FOUND,
          "no key record at "
              + sig.keyName()
              + (answer instanceof DnsAnswer.NxDomain ? " (NXDOMAIN)" : " (no TXT record)"));
    }
    DkimKeyRecord key = null;
    SyntaxError firstError = null;
    for (TxtRecord txt : answer.values()) {
      ParseResult<DkimKeyRecord> k = DkimKeyRecord.parse(txt.text());
      if (k.isValid()) {
        key = k.orElseThrow();
        break;
      }
      if (firstError == null) {
        firstError = k.error().get();
      }
    }
    if (key == null) {
      return o.error(
          DkimResult.Code.PERMERROR,
          DkimResult.Problem.KEY_SYNTAX,
          "the key record at " + sig.keyName() + " is not usable: " + firstError);
    }
    o.testing = key.isTesting();
    o.keyBits = key.keyBits();
    if (key.isTesting()) {
      o.warnings.add("the key is in testing mode (t=y): receivers treat the mail as unsigned");
    }
    if (key.isRevoked()) {
      return o.error(
          DkimResult.Code.PERMERROR,
          DkimResult.Problem.KEY_REVOKED,
          "the key at " + sig.keyName() + " was revoked (empty p=)");
    }
    if (!key.keyType().equals(sig.keyType())) {
      return o.error(
          DkimResult.Code.PERMERROR,
          DkimResult.Problem.KEY_NOT_ALLOWED,
          "the key is k=" + key.keyType() + " but the signature is a=" + sig.algorithm());
    }
    if (key.publicKey().isEmpty()) {
      return o.error(
          DkimResult.Code.PERMERROR,
          DkimResult.Problem.KEY_SYNTAX,
          "the key at " + sig.keyName() + " is not usable: " + key.keyProblem().orElse("unknown"));
    }
    if (!key.allowsHash(sig.hashAlgorithm())) {
      return o.error(
          DkimResult.Code.PERMERROR,
          DkimResult.Problem.KEY_NOT_ALLOWED,
          "the key allows only h=" + String.join(":", key.hashAlgorithms()) + ", not "
              + sig.hashAlgorithm());
    }
    if (!key.allowsEmail()) {
      return o.error(
          DkimResult.Code.PERMERROR,
          DkimResult.Problem.KEY_NOT_ALLOWED,
          "the key is for s=" + String.join(":", key.serviceTypes()) + ", not e-mail");
    }
    if (key.isStrict()
        && !sig.identityDomain().toLowerCase(Locale.ROOT).equals(sig.domain().toLowerCase(Locale.ROOT))) {
      return o.error(
          DkimResult.Code.PERMERROR,
          DkimResult.Problem.KEY_NOT_ALLOWED,
          "the key says t=s but i= uses the subdomain " + sig.identityDomain() + " of d="
              + sig.domain());
    }
    if (key.keyType().equals(DkimKeyRecord.RSA) && key.keyBits() < MIN_RSA_BITS && !legacy) {
      return o.error(
          DkimResult.Code.PERMERROR,
          DkimResult.Problem.KEY_TOO_SMALL,
          "RSA key of " + key.keyBits() + " bits; under " + MIN_RSA_BITS
              + " bits is not valid (RFC 8301)");
    }
    if (key.keyType().equals(DkimKeyRecord.RSA) && key.keyBits() < RECOMMENDED_RSA_BITS) {
      o.warnings.add(
          "RSA key of " + key.keyBits() + " bits is weak; use " + RECOMMENDED_RSA_BITS + " bits");
    }
    if (sig.algorithm().equals(DkimSignature.RSA_SHA1) && !legacy) {
      return o.error(
          DkimResult.Code.PERMERROR,
          DkimResult.Problem.ALGORITHM,
          "rsa-sha1 must not be used for verifying (RFC 8301); re-sign with rsa-sha256");
    }
    long now = clock.millis() / 1000;
    if (sig.timestamp().isPresent() && sig.timestamp().getAsLong() > now + 300) {
      o.warnings.add("the signing time t= is in the future");
    }
    if (sig.expiration().isPresent() && sig.expiration().getAsLong() < now) {
      return o.fail(
          key,
          DkimResult.Problem.EXPIRED,
          "the signature expired (x=" + sig.expiration().getAsLong() + ")");
    }
    byte[] body = ctx.body(sig.bodyCanonicalization());
    int length = body.length;
    if (sig.bodyLength().isPresent()) {
      long l = sig.bodyLength().getAsLong();
      if (l > body.length) {
        return o.fail(
            key,
            DkimResult.Problem.BODY_HASH,
            "l=" + l + " is longer than the body (" + body.length + " octets): it was cut");
      }
      length = (int) l;
      o.warnings.add(
          "l= signs only the first " + l + " of " + body.length
              + " body octets: text can be appended");
    }
    String hash = sig.hashAlgorithm().equals("sha1") ? "SHA-1" : "SHA-256";
    byte[] bodyHash = digest(hash, body, length);
    if (!MessageDigest.isEqual(bodyHash, Base64.getDecoder().decode(sig.bodyHash()))) {
      return o.fail(
          key,
          DkimResult.Problem.BODY_HASH,
          "body hash mismatch: the body was changed after signing (computed "
              + Base64.getEncoder().encodeToString(bodyHash) + ", signed " + sig.bodyHash() + ")");
    }
    byte[] data = signedData(ctx.parts, field, valueOffset, sig);
    if (!verifySignature(sig, key.publicKey().get(), data)) {
      return o.fail(
          key,
          DkimResult.Problem.SIGNATURE,
          "signature does not verify: a signed header field was changed, or the key is not the"
              + " signing key");
    }
    return new DkimResult(
        DkimResult.Code.PASS,
        Optional.empty(),
        index,
        Optional.of(sig),
        sig.domain(),
        sig.selector(),
        key.keyBits(),
        key.isTesting(),
        o.warnings,
        "signature verified with a " + key.keyBits() + "-bit " + key.keyType() + " key");
  }

  /**
   * The header data that was signed (RFC 6376 §3.7): the signed fields, picked bottom-up for a
   * name listed more than once, and the DKIM-Signature field itself with an empty {@code b=}.
   */
  static byte[] signedData(
      MessageParts parts, MessageParts.Field sigField, int valueOffset, DkimSignature sig) {
    Canonicalization c = sig.headerCanonicalization();
    Map<String, List<MessageParts.Field>> byName = parts.fieldsByName();
    Map<String, Integer> used = new HashMap<>();
    StringBuilder sb = new StringBuilder();
    for (String name : sig.signedHeaders()) {
      String lower = name.toLowerCase(Locale.ROOT);
      List<MessageParts.Field> instances = byName.getOrDefault(lower, List.of());
      int n = used.merge(lower, 1, Integer::sum);
      if (n <= instances.size()) {
        // Bottom-up: the last instance first, then the one above it (RFC 6376 §5.4.2).
        sb.append(c.header(instances.get(instances.size() - n).raw(), true));
      }
    }
    TagList.Tag b = sig.tags().tag("b").orElseThrow();
    String raw = sigField.raw();
    String withoutB =
        raw.substring(0, valueOffset + b.valueStart()) + raw.substring(valueOffset + b.valueEnd());
    sb.append(c.header(withoutB, false));
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static boolean verifySignature(DkimSignature sig, PublicKey key, byte[] data) {
    byte[] b = Base64.getDecoder().decode(sig.signature());
    try {
      Signature s;
      if (sig.algorithm().equals(DkimSignature.ED25519_SHA256)) {
        s = Signature.getInstance("Ed25519");
        s.initVerify(key);
        s.update(digest("SHA-256", data, data.length)); // RFC 8463 §3: sign the hash
      } else {
        s =
            Signature.getInstance(
                sig.algorithm().equals(DkimSignature.RSA_SHA1) ? "SHA1withRSA" : "SHA256withRSA");
        s.initVerify(key);
        s.update(data);
      }
      return s.verify(b);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false; // a signature of the wrong length or shape does not verify
    }
  }

  static byte[] digest(String algorithm, byte[] data, int length) {
    try {
      MessageDigest md = MessageDigest.getInstance(algorithm);
      md.update(data, 0, length);
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }

  private static DkimResult fromError(int index, MessageParts.Field field, Throwable ex) {
    Throwable cause = ex instanceof java.util.concurrent.CompletionException && ex.getCause() != null
        ? ex.getCause()
        : ex;
    String value = field.raw().substring(field.raw().indexOf(':') + 1);
    boolean timeout =
        cause instanceof java.util.concurrent.TimeoutException
            || cause instanceof java.util.concurrent.RejectedExecutionException;
    return new DkimResult(
        timeout ? DkimResult.Code.TEMPERROR : DkimResult.Code.PERMERROR,
        Optional.of(timeout ? DkimResult.Problem.DNS : DkimResult.Problem.SIGNATURE_SYNTAX),
        index,
        Optional.empty(),
        looseTag(value, "d"),
        looseTag(value, "s"),
        0,
        false,
        List.of(),
        timeout
            ? "not verified within the time-out (or the executor refused the work): " + cause
            : "verification failed: " + cause);
  }

  private static DkimResult error(
      DkimResult.Code code,
      DkimResult.Problem problem,
      int index,
      Optional<DkimSignature> sig,
      String reason) {
    return new DkimResult(
        code,
        Optional.of(problem),
        index,
        sig,
        sig.map(DkimSignature::domain).orElse(""),
        sig.map(DkimSignature::selector).orElse(""),
        0,
        false,
        List.of(),
        reason);
  }

  /** A tag's value read from a field that did not parse, for the report; empty if not found. */
  static String looseTag(String value, String name) {
    int n = Math.min(value.length(), TagList.MAX_LENGTH);
    int i = 0;
    while (i < n) {
      int end = i;
      int eq = -1;
      while (end < n && value.charAt(end) != ';') {
        if (eq < 0 && value.charAt(end) == '=') {
          eq = end;
        }
        end++;
      }
      if (eq > i && TagList.compact(value.substring(i, eq)).equals(name)) {
        String v = TagList.compact(value.substring(eq + 1, end));
        return v.length() > 255 ? v.substring(0, 255) : v;
      }
      i = end + 1;
    }
    return "";
  }

  /** The canonical bodies of one message, computed once per canonicalisation. */
  private static final class Context {
    final MessageParts parts;
    private final byte[][] bodies = new byte[2][];

    Context(MessageParts parts) {
      this.parts = parts;
    }

    synchronized byte[] body(Canonicalization c) {
      byte[] b = bodies[c.ordinal()];
      if (b == null) {
        b = c.body(parts.bytes, Math.min(parts.bodyStart, parts.bytes.length), parts.bytes.length);
        bodies[c.ordinal()] = b;
      }
      return b;
    }
  }

  /** What is known about one signature as its checks go on. */
  private static final class Outcome {
    final int index;
    final DkimSignature sig;
    final List<String> warnings = new ArrayList<>();
    boolean testing;
    int keyBits;

    Outcome(int index, DkimSignature sig) {
      this.index = index;
      this.sig = sig;
    }

    DkimResult error(DkimResult.Code code, DkimResult.Problem problem, String reason) {
      return new DkimResult(
          code,
          Optional.of(problem),
          index,
          Optional.of(sig),
          sig.domain(),
          sig.selector(),
          keyBits,
          testing,
          warnings,
          reason);
    }

    DkimResult fail(DkimKeyRecord key, DkimResult.Problem problem, String reason) {
      if (key.isTesting()) {
        return error(
            DkimResult.Code.NEUTRAL, problem, reason + " (ignored: the key is in testing mode)");
      }
      return error(DkimResult.Code.FAIL, problem, reason);
    }
  }

  /** Builds a {@link DkimVerifier}. */
  public static final class Builder {
    private final DnsClient dns;
    private Clock clock = Clock.systemUTC();
    private Duration timeout = DEFAULT_TIMEOUT;
    private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    private int maxSignatures = DEFAULT_MAX_SIGNATURES;
    private boolean legacy;
    private Executor executor;

    private Builder(DnsClient dns) {
      this.dns = Objects.requireNonNull(dns, "dns must not be null");
    }

    /**
     * The clock that decides whether a signature expired (default the system UTC clock).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    /**
     * The bound on one verification (default 20 s); signatures whose key has not arrived by then
     * give temperror.
     *
     * @param timeout positive, at most one hour
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout must not be null");
      if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("timeout must be positive and at most 1 hour, was "
            + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * The largest message verified (default 64 MiB); a larger one gives permerror.
     *
     * @param bytes 1 KiB to 1 GiB
     * @return this builder
     */
    public Builder maxMessageBytes(int bytes) {
      if (bytes < 1024 || bytes > (1 << 30)) {
        throw new IllegalArgumentException("maxMessageBytes must be 1024-" + (1 << 30) + ", was "
            + bytes);
      }
      this.maxMessageBytes = bytes;
      return this;
    }

    /**
     * The most DKIM-Signature fields verified per message (default 16); the others give permerror.
     *
     * @param max 1-100
     * @return this builder
     */
    public Builder maxSignatures(int max) {
      if (max < 1 || max > 100) {
        throw new IllegalArgumentException("maxSignatures must be 1-100, was " + max);
      }
      this.maxSignatures = max;
      return this;
    }

    /**
     * The executor that runs the hashing and signature checks once a key has arrived. By default
     * they run on the thread that completes the DNS look-up (the DNS client's); give an executor to
     * keep that CPU work off it. A rejected task gives temperror for that signature.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor must not be null");
      return this;
    }

    /**
     * For tests of the canonicalisation against old vectors only: accepts {@code rsa-sha1} and RSA
     * keys under 1024 bits, which RFC 8301 forbids.
     */
    Builder legacyCryptoForTests() {
      this.legacy = true;
      return this;
    }

    /** The verifier. */
    public DkimVerifier build() {
      return new DkimVerifier(this);
    }
  }
}
