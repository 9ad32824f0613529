package io.github.bouncekit.dns.dkim;

import io.github.bouncekit.dns.ParseResult;
import io.github.bouncekit.dns.SyntaxError;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A parsed DKIM-Signature header field value (RFC 6376 §3.5).
 *
 * <pre>{@code
 * DkimSignature sig = DkimSignature.parse(
 *     "v=1; a=ed25519-sha256; c=relaxed/relaxed; d=example.com; s=sel; h=from:to; bh=...; b=...")
 *     .orElseThrow();
 * sig.domain();     // "example.com"
 * sig.keyName();    // "sel._domainkey.example.com"
 * }</pre>
 *
 * <p>{@link #parse(String)} checks what RFC 6376 §6.1.1 asks a verifier to check before fetching
 * the key, and gives the first fault with its position: a malformed tag list; {@code v=} missing or
 * not {@code 1}; a required tag ({@code a b bh d h s}) missing; an algorithm other than {@code
 * rsa-sha256}, {@code ed25519-sha256} or {@code rsa-sha1} (the last is recognised so that it can be
 * reported as forbidden by RFC 8301); an unknown canonicalisation; a query method without {@code
 * dns/txt}; {@code h=} without {@code From}; an {@code i=} whose domain is not {@code d=} or one of
 * its subdomains; malformed numbers, base64 or names; {@code x=} before {@code t=}.
 *
 * @param tags the parsed tag list
 * @param algorithm the {@code a=} value in lower case
 * @param signature the {@code b=} value without white space (base64)
 * @param bodyHash the {@code bh=} value without white space (base64)
 * @param headerCanonicalization the header canonicalisation of {@code c=}
 * @param bodyCanonicalization the body canonicalisation of {@code c=}
 * @param domain the signing domain {@code d=}
 * @param selector the selector {@code s=}
 * @param signedHeaders the header field names of {@code h=}, in order, as written
 * @param identity the agent or user identifier {@code i=}, decoded; {@code @d} by default
 * @param bodyLength the body length limit {@code l=}, if given
 * @param timestamp the signature time {@code t=} (seconds since the epoch), if given
 * @param expiration the expiry time {@code x=} (seconds since the epoch), if given
 */
public record DkimSignature(
    TagList tags,
    String algorithm,
    String signature,
    String bodyHash,
    Canonicalization headerCanonicalization,
    Canonicalization bodyCanonicalization,
    String domain,
    String selector,
    List<String> signedHeaders,
    String identity,
    OptionalLong bodyLength,
    OptionalLong timestamp,
    OptionalLong expiration) {

  /** {@code rsa-sha256}. */
  public static final String RSA_SHA256 = "rsa-sha256";

  /** {@code ed25519-sha256} (RFC 8463). */
  public static final String ED25519_SHA256 = "ed25519-sha256";

  /** {@code rsa-sha1}: recognised, but RFC 8301 forbids verifying with it. */
  public static final String RSA_SHA1 = "rsa-sha1";

  /** Checks and copies. */
  public DkimSignature {
    Objects.requireNonNull(tags, "tags must not be null");
    Objects.requireNonNull(algorithm, "algorithm must not be null");
    Objects.requireNonNull(signature, "signature must not be null");
    Objects.requireNonNull(bodyHash, "bodyHash must not be null");
    Objects.requireNonNull(headerCanonicalization, "headerCanonicalization must not be null");
    Objects.requireNonNull(bodyCanonicalization, "bodyCanonicalization must not be null");
    Objects.requireNonNull(domain, "domain must not be null");
    Objects.requireNonNull(selector, "selector must not be null");
    signedHeaders = List.copyOf(signedHeaders);
    Objects.requireNonNull(identity, "identity must not be null");
    Objects.requireNonNull(bodyLength, "bodyLength must not be null");
    Objects.requireNonNull(timestamp, "timestamp must not be null");
    Objects.requireNonNull(expiration, "expiration must not be null");
  }

  /** The key record's name: {@code selector._domainkey.domain}. */
  public String keyName() {
    return selector + "._domainkey." + domain;
  }

  /** The key type the algorithm needs: {@code rsa} or {@code ed25519}. */
  public String keyType() {
    return algorithm.startsWith("ed25519") ? DkimKeyRecord.ED25519 : DkimKeyRecord.RSA;
  }

  /** The hash algorithm: {@code sha256} or {@code sha1}. */
  public String hashAlgorithm() {
    return algorithm.substring(algorithm.indexOf('-') + 1);
  }

  /** The domain part of {@link #identity()}. */
  public String identityDomain() {
    return identity.substring(identity.lastIndexOf('@') + 1);
  }

  /**
   * Parses a DKIM-Signature header field value (the text after the colon).
   *
   * @param value the value, at most {@link TagList#MAX_LENGTH} characters
   * @return the signature, or the first fault
   */
  public static ParseResult<DkimSignature> parse(String value) {
    ParseResult<TagList> parsed = TagList.parse(value);
    if (parsed.error().isPresent()) {
      return new ParseResult.Invalid<>(parsed.error().get());
    }
    TagList t = parsed.orElseThrow();
    Optional<TagList.Tag> v = t.tag("v");
    if (v.isEmpty()) {
      return error(value, value.length(), "the required tag v= is missing (pre-RFC 6376 draft?)");
    }
    if (!v.get().value().equals("1")) {
      return error(value, v.get().valueStart(), "v= must be 1, was '" + v.get().value() + "'");
    }
    for (String required : List.of("a", "b", "bh", "d", "h", "s")) {
      if (t.tag(required).isEmpty()) {
        return error(value, value.length(), "the required tag " + required + "= is missing");
      }
    }
    TagList.Tag a = t.tag("a").get();
    String algorithm = a.value().toLowerCase(Locale.ROOT);
    if (!algorithm.equals(RSA_SHA256)
        && !algorithm.equals(ED25519_SHA256)
        && !algorithm.equals(RSA_SHA1)) {
      return error(
          value,
          a.valueStart(),
          "unsupported algorithm a=" + a.value() + " (known: rsa-sha256, ed25519-sha256)");
    }
    TagList.Tag b = t.tag("b").get();
    String signature = TagList.compact(b.value());
    if (signature.isEmpty() || !isBase64(signature)) {
      return error(value, b.valueStart(), "b= is not a base64 signature");
    }
    TagList.Tag bh = t.tag("bh").get();
    String bodyHash = TagList.compact(bh.value());
    if (bodyHash.isEmpty() || !isBase64(bodyHash)) {
      return error(value, bh.valueStart(), "bh= is not a base64 hash");
    }
    Canonicalization headerC = Canonicalization.SIMPLE;
    Canonicalization bodyC = Canonicalization.SIMPLE;
    Optional<TagList.Tag> c = t.tag("c");
    if (c.isPresent()) {
      String cv = c.get().value();
      int slash = cv.indexOf('/');
      headerC = Canonicalization.of(slash < 0 ? cv : cv.substring(0, slash));
      bodyC = slash < 0 ? Canonicalization.SIMPLE : Canonicalization.of(cv.substring(slash + 1));
      if (headerC == null || bodyC == null) {
        return error(
            value,
            c.get().valueStart(),
            "unknown canonicalisation c=" + cv + " (known: simple, relaxed)");
      }
    }
    TagList.Tag d = t.tag("d").get();
    String domain = d.value();
    if (!isDomain(domain)) {
      return error(value, d.valueStart(), "d= is not a domain name: '" + domain + "'");
    }
    TagList.Tag s = t.tag("s").get();
    String selector = s.value();
    if (!isDomain(selector)) {
      return error(value, s.valueStart(), "s= is not a selector: '" + selector + "'");
    }
    TagList.Tag h = t.tag("h").get();
    List<String> headers = new ArrayList<>();
    boolean from = false;
    for (String name : h.value().split(":", -1)) {
      String trimmed = TagList.compact(name);
      if (trimmed.isEmpty()) {
        return error(value, h.valueStart(), "h= has an empty header field name");
      }
      headers.add(trimmed);
      from |= trimmed.equalsIgnoreCase("from");
    }
    if (!from) {
      return error(value, h.valueStart(), "h= does not include From (RFC 6376 §5.4)");
    }
    String identity = "@" + domain;
    Optional<TagList.Tag> i = t.tag("i");
    if (i.isPresent()) {
      Optional<String> decoded = decodeQuotedPrintable(i.get().value());
      if (decoded.isEmpty() || decoded.get().indexOf('@') < 0) {
        return error(value, i.get().valueStart(), "i= is not an identity ([local-part]@domain)");
      }
      identity = decoded.get();
      String iDomain = identity.substring(identity.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
      String dLower = domain.toLowerCase(Locale.ROOT);
      if (!iDomain.equals(dLower) && !iDomain.endsWith("." + dLower)) {
        return error(
            value,
            i.get().valueStart(),
            "the i= domain " + iDomain + " is neither d=" + domain + " nor one of its subdomains");
      }
    }
    Optional<TagList.Tag> q = t.tag("q");
    if (q.isPresent()) {
      boolean dnsTxt = false;
      for (String method : q.get().value().split(":", -1)) {
        String m = TagList.compact(method).toLowerCase(Locale.ROOT);
        dnsTxt |= m.equals("dns/txt") || m.equals("dns");
      }
      if (!dnsTxt) {
        return error(value, q.get().valueStart(), "q= does not allow dns/txt: " + q.get().value());
      }
    }
    OptionalLong l = OptionalLong.empty();
    OptionalLong ts = OptionalLong.empty();
    OptionalLong x = OptionalLong.empty();
    for (String name : List.of("l", "t", "x")) {
      Optional<TagList.Tag> tag = t.tag(name);
      if (tag.isEmpty()) {
        continue;
      }
      String digits = tag.get().value();
      if (digits.isEmpty() || digits.length() > (name.equals("l") ? 76 : 12) || !isDigits(digits)) {
        return error(value, tag.get().valueStart(), name + "= is not a number: '" + digits + "'");
      }
      long n = digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
      if (name.equals("l")) {
        l = OptionalLong.of(n);
      } else if (name.equals("t")) {
        ts = OptionalLong.of(n);
      } else {
        x = OptionalLong.of(n);
      }
    }
    if (x.isPresent() && ts.isPresent() && x.getAsLong() < ts.getAsLong()) {
      return error(value, t.tag("x").get().valueStart(), "x= (expiry) is before t= (signing time)");
    }
    return new ParseResult.Valid<>(
        new DkimSignature(
            t, algorithm, signature, bodyHash, headerC, bodyC, domain, selector, headers, identity,
            l, ts, x));
  }

  static boolean isBase64(String s) {
    try {
      Base64.getDecoder().decode(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Letters, digits, hyphens and underscores in dot-separated labels; U-labels allowed. */
  static boolean isDomain(String s) {
    if (s.isEmpty() || s.length() > 253) {
      return false;
    }
    int label = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '.') {
        if (label == 0) {
          return false;
        }
        label = 0;
      } else if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c >= 0x80) {
        if (++label > 63) {
          return false;
        }
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** DKIM quoted-printable (RFC 6376 §2.11): {@code =XX} octets, white space ignored. */
  static Optional<String> decodeQuotedPrintable(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (TagList.isSpace(c)) {
        continue;
      }
      if (c == '=') {
        if (i + 2 >= s.length()) {
          return Optional.empty();
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return Optional.empty();
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else if (c < 0x80) {
        out.write(c);
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(utf8, 0, utf8.length);
      }
    }
    return Optional.of(new String(out.toByteArray(), StandardCharsets.UTF_8));
  }

  private static ParseResult<DkimSignature> error(String value, int position, String message) {
    return new ParseResult.Invalid<>(new SyntaxError(value, position, message));
  }
}
