package io.github.bouncekit.dns.dkim;

import io.github.bouncekit.dns.ParseResult;
import io.github.bouncekit.dns.SyntaxError;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A DKIM key record (RFC 6376 §3.6.1, RFC 8463 §4), the TXT record at {@code
 * selector._domainkey.domain}.
 *
 * <pre>{@code
 * DkimKeyRecord key = DkimKeyRecord.parse("v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
 *     .orElseThrow();
 * key.keyType();      // "ed25519"
 * key.keyBits();      // 256
 * key.isRevoked();    // false
 * }</pre>
 *
 * <p>{@link #parse(String)} gives a syntax error for a malformed tag list, a {@code v=} other than
 * {@code DKIM1}, and a missing {@code p=}. Everything else is read leniently and reported through
 * the accessors: an empty {@code p=} is a revoked key ({@link #isRevoked()}); a key that cannot be
 * decoded, an unknown {@code k=} or an Ed25519 key that is not 32 bytes leave {@link #publicKey()}
 * empty and explain why in {@link #keyProblem()}. RSA keys are read as a SubjectPublicKeyInfo (what
 * the RFC's examples and every signer publish) or, failing that, as a bare PKCS#1 RSAPublicKey.
 * Key sizes are not judged here: see {@link DkimKeyCheck} and {@link DkimVerifier}.
 *
 * @param tags the parsed tag list
 * @param version the {@code v=} value, if given (always {@code DKIM1})
 * @param keyType the {@code k=} value in lower case, {@code rsa} by default
 * @param hashAlgorithms the {@code h=} hash algorithms in lower case; empty when all are allowed
 * @param serviceTypes the {@code s=} service types in lower case; {@code ["*"]} by default
 * @param flags the {@code t=} flags in lower case ({@code y} testing, {@code s} strict)
 * @param notes the {@code n=} notes, if given
 * @param keyData the {@code p=} value without white space (empty: revoked)
 * @param publicKey the decoded key, if it could be decoded
 * @param keyBits the RSA modulus size, 256 for Ed25519, 0 when unknown
 * @param keyProblem why the key could not be decoded or used, if it could not
 */
public record DkimKeyRecord(
    TagList tags,
    Optional<String> version,
    String keyType,
    List<String> hashAlgorithms,
    List<String> serviceTypes,
    List<String> flags,
    Optional<String> notes,
    String keyData,
    Optional<PublicKey> publicKey,
    int keyBits,
    Optional<String> keyProblem) {

  /** The key type of RSA keys. */
  public static final String RSA = "rsa";

  /** The key type of Ed25519 keys (RFC 8463). */
  public static final String ED25519 = "ed25519";

  /** The DER prefix that turns a raw 32-byte Ed25519 key into a SubjectPublicKeyInfo. */
  private static final byte[] ED25519_SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  /** Checks and copies. */
  public DkimKeyRecord {
    Objects.requireNonNull(tags, "tags must not be null");
    Objects.requireNonNull(version, "version must not be null");
    Objects.requireNonNull(keyType, "keyType must not be null");
    hashAlgorithms = List.copyOf(hashAlgorithms);
    serviceTypes = List.copyOf(serviceTypes);
    flags = List.copyOf(flags);
    Objects.requireNonNull(notes, "notes must not be null");
    Objects.requireNonNull(keyData, "keyData must not be null");
    Objects.requireNonNull(publicKey, "publicKey must not be null");
    Objects.requireNonNull(keyProblem, "keyProblem must not be null");
    if (keyBits < 0) {
      throw new IllegalArgumentException("keyBits must not be negative, was " + keyBits);
    }
  }

  /**
   * Parses a key record (the TXT record's strings joined).
   *
   * @param text the record text, at most {@link TagList#MAX_LENGTH} characters
   * @return the record, or the syntax error
   */
  public static ParseResult<DkimKeyRecord> parse(String text) {
    ParseResult<TagList> parsed = TagList.parse(text);
    if (parsed.error().isPresent()) {
      return new ParseResult.Invalid<>(parsed.error().get());
    }
    TagList tags = parsed.orElseThrow();
    Optional<TagList.Tag> v = tags.tag("v");
    if (v.isPresent() && !v.get().value().equals("DKIM1")) {
      return new ParseResult.Invalid<>(
          new SyntaxError(
              text,
              v.get().valueStart(),
              "v= must be DKIM1, was '" + v.get().value() + "': not a DKIM key record"));
    }
    Optional<TagList.Tag> p = tags.tag("p");
    if (p.isEmpty()) {
      return new ParseResult.Invalid<>(
          new SyntaxError(text, text.length(), "the required tag p= (the public key) is missing"));
    }
    String keyType = tags.value("k").map(k -> k.toLowerCase(Locale.ROOT)).orElse(RSA);
    String keyData = TagList.compact(p.get().value());
    List<String> hashes = tags.value("h").map(DkimKeyRecord::colonList).orElse(List.of());
    List<String> services = tags.value("s").map(DkimKeyRecord::colonList).orElse(List.of("*"));
    List<String> flags = tags.value("t").map(DkimKeyRecord::colonList).orElse(List.of());
    Optional<PublicKey> key = Optional.empty();
    int bits = 0;
    Optional<String> problem = Optional.empty();
    if (!keyData.isEmpty()) {
      byte[] der = null;
      try {
        der = Base64.getDecoder().decode(keyData);
      } catch (IllegalArgumentException e) {
        problem = Optional.of("p= is not valid base64");
      }
      if (der != null) {
        if (keyType.equals(RSA)) {
          Optional<RSAPublicKey> rsa = rsaKey(der);
          if (rsa.isPresent()) {
            key = Optional.of(rsa.get());
            bits = rsa.get().getModulus().bitLength();
          } else {
            problem = Optional.of("p= is not an RSA public key (truncated or damaged?)");
          }
        } else if (keyType.equals(ED25519)) {
          if (der.length != 32) {
            problem =
                Optional.of(
                    "an Ed25519 key must be 32 bytes (RFC 8463), this one is " + der.length);
          } else {
            key = ed25519Key(der);
            bits = 256;
            if (key.isEmpty()) {
              problem = Optional.of("p= is not an Ed25519 public key");
            }
          }
        } else {
          problem = Optional.of("unknown key type k=" + keyType + " (known: rsa, ed25519)");
        }
      }
    }
    return new ParseResult.Valid<>(
        new DkimKeyRecord(
            tags,
            v.map(TagList.Tag::value),
            keyType,
            hashes,
            services,
            flags,
            tags.value("n"),
            keyData,
            key,
            bits,
            problem));
  }

  /** True when {@code p=} is empty: the key was revoked (RFC 6376 §3.6.1). */
  public boolean isRevoked() {
    return keyData.isEmpty();
  }

  /** True with {@code t=y}: the domain is testing DKIM (RFC 6376 §3.6.1). */
  public boolean isTesting() {
    return flags.contains("y");
  }

  /** True with {@code t=s}: the {@code i=} domain of signatures must equal {@code d=}. */
  public boolean isStrict() {
    return flags.contains("s");
  }

  /** True when {@code s=} allows e-mail ({@code *} or {@code email}). */
  public boolean allowsEmail() {
    return serviceTypes.contains("*") || serviceTypes.contains("email");
  }

  /**
   * True when {@code h=} allows this hash algorithm (always, without {@code h=}).
   *
   * @param hash {@code sha256} or {@code sha1}
   * @return whether the key may be used with it
   */
  public boolean allowsHash(String hash) {
    return hashAlgorithms.isEmpty() || hashAlgorithms.contains(hash.toLowerCase(Locale.ROOT));
  }

  private static List<String> colonList(String value) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= value.length(); i++) {
      if (i == value.length() || value.charAt(i) == ':') {
        String item = TagList.compact(value.substring(start, i)).toLowerCase(Locale.ROOT);
        if (!item.isEmpty()) {
          out.add(item);
        }
        start = i + 1;
      }
    }
    return out;
  }

  private static Optional<RSAPublicKey> rsaKey(byte[] der) {
    try {
      KeyFactory f = KeyFactory.getInstance("RSA");
      try {
        return Optional.of((RSAPublicKey) f.generatePublic(new X509EncodedKeySpec(der)));
      } catch (GeneralSecurityException | RuntimeException e) {
        return Optional.of((RSAPublicKey) f.generatePublic(new X509EncodedKeySpec(wrapPkcs1(der))));
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A bare PKCS#1 RSAPublicKey wrapped in a SubjectPublicKeyInfo with the rsaEncryption OID. */
  private static byte[] wrapPkcs1(byte[] pkcs1) {
    byte[] algorithm = {
      0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
      0x01, 0x05, 0x00
    };
    byte[] bitString = der(0x03, concat(new byte[] {0}, pkcs1));
    return der(0x30, concat(algorithm, bitString));
  }

  private static byte[] der(int tag, byte[] content) {
    byte[] length = BigInteger.valueOf(content.length).toByteArray();
    byte[] header;
    if (content.length < 128) {
      header = new byte[] {(byte) tag, (byte) content.length};
    } else {
      int skip = length[0] == 0 ? 1 : 0;
      int n = length.length - skip;
      header = new byte[2 + n];
      header[0] = (byte) tag;
      header[1] = (byte) (0x80 | n);
      System.arraycopy(length, skip, header, 2, n);
    }
    return concat(header, content);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static Optional<PublicKey> ed25519Key(byte[] raw) {
    try {
      return Optional.of(
          KeyFactory.getInstance("Ed25519")
              .generatePublic(new X509EncodedKeySpec(concat(ED25519_SPKI_PREFIX, raw))));
    } catch (GeneralSecurityException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
