package io.github.bouncekit.dns.dmarc;

import io.github.bouncekit.dns.internal.Texts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A DMARC policy record ({@code _dmarc.<domain>} TXT), parsed under RFC 9989 or RFC 7489.
 *
 * <pre>{@code
 * DmarcParseResult r = DmarcRecord.parse("v=DMARC1; p=reject; pct=50", DmarcMode.RFC9989);
 * r.outcome();                     // VALID
 * r.record().get().policy();       // REJECT
 * r.warnings();                    // [position 20: pct: removed by RFC 9989 ...; ignored]
 * }</pre>
 *
 * <p>The grammar (RFC 9989 and RFC 7489 §6.4): {@code v=DMARC1} first, with {@code DMARC1} in
 * upper case (a {@code %s} literal) and nothing before {@code v}; then tags {@code name=value}
 * separated by {@code ;}, with optional spaces and tabs around names, values, {@code =} and {@code
 * ;}; tag names and keyword values are case-insensitive. What the parser does with the rest:
 *
 * <ul>
 *   <li>unknown tags, and terms that are not {@code name=value}: ignored, with a warning;
 *   <li>a known tag given twice: an error, outcome {@link DmarcParseResult.Outcome#INVALID} (no RFC
 *       says which one wins);
 *   <li>bad {@code adkim aspf fo psd t} (and {@code pct rf ri} in RFC 7489 mode) values: the default
 *       is used, with a warning;
 *   <li>{@code pct rf ri} in RFC 9989 mode: removed tags, ignored with a warning;
 *   <li>a missing or invalid {@code p}, or an invalid {@code sp} (or {@code np} in RFC 9989 mode):
 *       the record is read as {@code p=none} when {@code rua} holds a valid URI, otherwise it asks
 *       for no DMARC processing ({@link DmarcParseResult.Outcome#NO_POLICY}) — except that RFC 9989
 *       reads a missing {@code p} as {@code none} whatever {@code rua} holds;
 *   <li>{@code rua}/{@code ruf} URIs other than well-formed {@code mailto:} addresses: ignored,
 *       with a warning; a {@code !size} suffix is obsolete in RFC 9989 (ignored, warned about) and
 *       kept in RFC 7489 mode.
 * </ul>
 *
 * <p>Parsing is one left-to-right scan, linear in the input, with no regular expressions. Records
 * longer than {@link #MAX_LENGTH} characters are {@link DmarcParseResult.Outcome#INVALID}.
 *
 * @param text the record as published (the strings of its TXT record joined)
 * @param mode the specification it was read under
 * @param policy {@code p}: the policy for the domain itself ({@code none} when {@code p} is missing
 *     under RFC 9989, or when the {@code rua} rule above applied)
 * @param subdomainPolicy {@code sp} as written; see {@link #subdomainPolicyOrDefault()}
 * @param nonExistentPolicy {@code np} as written (RFC 9989 only); see {@link
 *     #nonExistentPolicyOrDefault()}
 * @param psd {@code psd} (RFC 9989; {@link Psd#UNKNOWN} under RFC 7489)
 * @param testing {@code t=y} (RFC 9989; false under RFC 7489)
 * @param dkimAlignment {@code adkim}
 * @param spfAlignment {@code aspf}
 * @param percent {@code pct} under RFC 7489 (default 100); always 100 under RFC 9989
 * @param aggregateReports the valid {@code rua} URIs
 * @param failureReports the valid {@code ruf} URIs
 * @param failureOptions {@code fo} as written when valid, else {@code "0"}
 * @param policyFromRua true when {@code policy} is {@code none} because the record had no valid
 *     policy but a valid {@code rua} URI
 * @param warnings what was ignored or replaced by a default
 */
public record DmarcRecord(
    String text,
    DmarcMode mode,
    DmarcPolicy policy,
    Optional<DmarcPolicy> subdomainPolicy,
    Optional<DmarcPolicy> nonExistentPolicy,
    Psd psd,
    boolean testing,
    Alignment dkimAlignment,
    Alignment spfAlignment,
    int percent,
    List<ReportUri> aggregateReports,
    List<ReportUri> failureReports,
    String failureOptions,
    boolean policyFromRua,
    List<DmarcProblem> warnings) {

  /** The longest record parsed, in characters. */
  public static final int MAX_LENGTH = 8_192;

  /** Checks and copies. */
  public DmarcRecord {
    Objects.requireNonNull(text, "text must not be null");
    Objects.requireNonNull(mode, "mode must not be null");
    Objects.requireNonNull(policy, "policy must not be null");
    Objects.requireNonNull(subdomainPolicy, "subdomainPolicy must not be null");
    Objects.requireNonNull(nonExistentPolicy, "nonExistentPolicy must not be null");
    Objects.requireNonNull(psd, "psd must not be null");
    Objects.requireNonNull(dkimAlignment, "dkimAlignment must not be null");
    Objects.requireNonNull(spfAlignment, "spfAlignment must not be null");
    Objects.requireNonNull(failureOptions, "failureOptions must not be null");
    aggregateReports = List.copyOf(aggregateReports);
    failureReports = List.copyOf(failureReports);
    warnings = List.copyOf(warnings);
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("percent must be 0-100, was " + percent);
    }
  }

  /**
   * Parses a record.
   *
   * @param text the record text (a TXT record's strings joined)
   * @param mode the specification to read it under
   * @return the outcome, with errors and warnings at their positions
   * @throws NullPointerException if an argument is null
   */
  public static DmarcParseResult parse(String text, DmarcMode mode) {
    Objects.requireNonNull(text, "text must not be null");
    Objects.requireNonNull(mode, "mode must not be null");
    return new Parser(text, mode).parse();
  }

  /**
   * True when a TXT record's text starts with {@code v=DMARC1} (spaces allowed around {@code =}),
   * followed by {@code ;}, spaces or the end: the records policy discovery counts.
   *
   * @param text the joined strings of a TXT record
   * @return true for a DMARC record, usable or not
   */
  public static boolean isDmarcRecord(String text) {
    Objects.requireNonNull(text, "text must not be null");
    return Parser.versionEnd(text) >= 0;
  }

  /** The policy for subdomains: {@code sp}, else {@code p}. */
  public DmarcPolicy subdomainPolicyOrDefault() {
    return subdomainPolicy.orElse(policy);
  }

  /**
   * The policy for non-existent subdomains: {@code np}, else {@code sp}, else {@code p} (RFC 9989).
   * Under RFC 7489 there is no {@code np}: the subdomain policy.
   */
  public DmarcPolicy nonExistentPolicyOrDefault() {
    return nonExistentPolicy.orElse(subdomainPolicyOrDefault());
  }

  @Override
  public String toString() {
    return text;
  }

  /** Identifier alignment modes ({@code adkim}, {@code aspf}). */
  public enum Alignment {
    /** {@code r}: the Organizational Domains must be the same (the default). */
    RELAXED,
    /** {@code s}: the domains must be the same. */
    STRICT;

    /** {@code r} or {@code s}. */
    public String token() {
      return this == RELAXED ? "r" : "s";
    }
  }

  /** The {@code psd} tag of RFC 9989. */
  public enum Psd {
    /** {@code y}: the record is a Public Suffix Domain's. */
    YES,
    /** {@code n}: the domain is an Organizational Domain; the tree walk stops here. */
    NO,
    /** {@code u} or absent: no statement (the default). */
    UNKNOWN;

    /** {@code y}, {@code n} or {@code u}. */
    public String token() {
      return this == YES ? "y" : this == NO ? "n" : "u";
    }
  }

  /**
   * A {@code mailto:} report destination of {@code rua} or {@code ruf}.
   *
   * @param uri the URI as written, without the {@code !size} suffix
   * @param address the mailbox, {@code local@domain}
   * @param domain the mailbox's domain, lower case: the one whose authorisation record is checked
   * @param maxBytes the size limit of RFC 7489 ({@code !10m}); empty under RFC 9989, where it is
   *     obsolete
   */
  public record ReportUri(String uri, String address, String domain, OptionalLong maxBytes) {
    /** Checks. */
    public ReportUri {
      Objects.requireNonNull(uri, "uri must not be null");
      Objects.requireNonNull(address, "address must not be null");
      Objects.requireNonNull(domain, "domain must not be null");
      Objects.requireNonNull(maxBytes, "maxBytes must not be null");
    }

    @Override
    public String toString() {
      return uri;
    }
  }

  /** The hand-written scanner. */
  private static final class Parser {
    private static final String VERSION_VALUE = "DMARC1";
    private static final Set<String> COMMON =
        Set.of("p", "sp", "adkim", "aspf", "rua", "ruf", "fo", "pct", "rf", "ri");
    private static final Set<String> RFC9989_ONLY = Set.of("np", "psd", "t");

    private final String text;
    private final DmarcMode mode;
    private final boolean bis;
    private final List<DmarcProblem> errors = new ArrayList<>();
    private final List<DmarcProblem> warnings = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();

    private DmarcPolicy p;
    private DmarcPolicy sp;
    private DmarcPolicy np;
    private boolean pSeen;
    private boolean pInvalid;
    private boolean spInvalid;
    private boolean npInvalid;
    private Psd psd = Psd.UNKNOWN;
    private boolean testing;
    private Alignment adkim = Alignment.RELAXED;
    private Alignment aspf = Alignment.RELAXED;
    private int pct = 100;
    private String fo = "0";
    private final List<ReportUri> rua = new ArrayList<>();
    private final List<ReportUri> ruf = new ArrayList<>();
    private int tagIndex;

    Parser(String text, DmarcMode mode) {
      this.text = text;
      this.mode = mode;
      this.bis = mode == DmarcMode.RFC9989;
    }

    /**
     * The index just past {@code v=DMARC1} (and the spaces after it) when the text starts with it
     * and goes on with {@code ;} or ends; -1 otherwise.
     */
    static int versionEnd(String text) {
      int n = text.length();
      if (n == 0 || (text.charAt(0) != 'v' && text.charAt(0) != 'V')) {
        return -1;
      }
      int i = skipWsp(text, 1, n);
      if (i >= n || text.charAt(i) != '=') {
        return -1;
      }
      i = skipWsp(text, i + 1, n);
      if (!text.startsWith(VERSION_VALUE, i)) {
        return -1;
      }
      i = skipWsp(text, i + VERSION_VALUE.length(), n);
      if (i < n && text.charAt(i) != ';') {
        return -1;
      }
      return i;
    }

    DmarcParseResult parse() {
      int start = versionEnd(text);
      if (start < 0) {
        errors.add(new DmarcProblem(0, "v", notDmarcReason()));
        return result(DmarcParseResult.Outcome.NOT_DMARC);
      }
      if (text.length() > MAX_LENGTH) {
        errors.add(new DmarcProblem(MAX_LENGTH, "", "record longer than " + MAX_LENGTH + " characters"));
        return result(DmarcParseResult.Outcome.INVALID);
      }
      int n = text.length();
      int i = start;
      while (i < n) {
        if (text.charAt(i) == ';') {
          i++;
          continue;
        }
        int end = text.indexOf(';', i);
        if (end < 0) {
          end = n;
        }
        term(i, end);
        i = end;
      }
      if (!errors.isEmpty()) {
        return result(DmarcParseResult.Outcome.INVALID);
      }
      boolean invalidPolicy = pInvalid || spInvalid || (bis && npInvalid) || (!bis && !pSeen);
      boolean fromRua = false;
      if (invalidPolicy) {
        String what = describeInvalidPolicy();
        if (rua.isEmpty()) {
          errors.add(
              new DmarcProblem(
                  0,
                  "p",
                  what
                      + " and no valid rua URI: no DMARC processing ("
                      + (bis ? "RFC 9989 policy discovery" : "RFC 7489 §6.6.3")
                      + ")"));
          return result(DmarcParseResult.Outcome.NO_POLICY);
        }
        warnings.add(
            new DmarcProblem(
                0, "p", what + "; rua holds a valid URI, so the record is read as p=none"));
        p = DmarcPolicy.NONE;
        sp = null;
        np = null;
        fromRua = true;
      } else if (!pSeen) {
        warnings.add(new DmarcProblem(0, "p", "p missing: none assumed (RFC 9989)"));
        p = DmarcPolicy.NONE;
      }
      DmarcRecord record =
          new DmarcRecord(
              text,
              mode,
              p,
              Optional.ofNullable(sp),
              Optional.ofNullable(bis ? np : null),
              psd,
              testing,
              adkim,
              aspf,
              pct,
              rua,
              ruf,
              fo,
              fromRua,
              warnings);
      return new DmarcParseResult(
          DmarcParseResult.Outcome.VALID, Optional.of(record), List.of(), warnings);
    }

    private String describeInvalidPolicy() {
      List<String> parts = new ArrayList<>();
      if (!pSeen) {
        parts.add("p missing (required by RFC 7489)");
      } else if (pInvalid) {
        parts.add("p invalid");
      }
      if (spInvalid) {
        parts.add("sp invalid");
      }
      if (bis && npInvalid) {
        parts.add("np invalid");
      }
      return String.join(", ", parts);
    }

    private String notDmarcReason() {
      if (text.isEmpty()) {
        return "empty record: not a DMARC record";
      }
      return "not a DMARC record: it must start with \"v=DMARC1\" (DMARC1 in upper case)";
    }

    private DmarcParseResult result(DmarcParseResult.Outcome outcome) {
      return new DmarcParseResult(outcome, Optional.empty(), errors, warnings);
    }

    /** One term text[from, to), between separators. */
    private void term(int from, int to) {
      int s = skipWsp(text, from, to);
      int e = to;
      while (e > s && isWsp(text.charAt(e - 1))) {
        e--;
      }
      if (s == e) {
        return; // an empty term, such as the one after a trailing ';'
      }
      int eq = text.indexOf('=', s);
      if (eq < 0 || eq >= e) {
        String word = text.substring(s, e).toLowerCase(Locale.ROOT);
        if (isKnown(word)) {
          warnings.add(new DmarcProblem(s, word, "\"" + word + "\" without \"=\" and a value"));
          markInvalid(word);
        } else {
          warnings.add(
              new DmarcProblem(s, "", "malformed term " + Texts.quote(text.substring(s, e)) + " ignored"));
        }
        tagIndex++;
        return;
      }
      int nameEnd = eq;
      while (nameEnd > s && isWsp(text.charAt(nameEnd - 1))) {
        nameEnd--;
      }
      String rawName = text.substring(s, nameEnd);
      int valueStart = skipWsp(text, eq + 1, e);
      String value = text.substring(valueStart, e);
      if (!isTagName(rawName)) {
        warnings.add(new DmarcProblem(s, "", "malformed tag name " + Texts.quote(rawName) + " ignored"));
        tagIndex++;
        return;
      }
      String name = rawName.toLowerCase(Locale.ROOT);
      if (!isKnown(name)) {
        if (!bis && RFC9989_ONLY.contains(name)) {
          warnings.add(new DmarcProblem(s, name, "not an RFC 7489 tag; ignored"));
        } else {
          warnings.add(new DmarcProblem(s, name, "unknown tag ignored"));
        }
        tagIndex++;
        return;
      }
      if (!seen.add(name)) {
        errors.add(
            new DmarcProblem(
                s, name, "tag \"" + name + "\" appears more than once; no RFC says which one counts"));
        tagIndex++;
        return;
      }
      if (!bis && tagIndex == 0 && !name.equals("p")) {
        warnings.add(
            new DmarcProblem(
                s, "p", "RFC 7489's grammar wants p right after v; most receivers accept any order"));
      }
      tagIndex++;
      tag(name, s, value, valueStart);
    }

    private void tag(String name, int at, String value, int valueAt) {
      switch (name) {
        case "p":
          pSeen = true;
          p = policy(name, value, valueAt);
          pInvalid = p == null;
          break;
        case "sp":
          sp = policy(name, value, valueAt);
          spInvalid = sp == null;
          break;
        case "np":
          np = policy(name, value, valueAt);
          npInvalid = np == null;
          break;
        case "psd":
          if (value.equalsIgnoreCase("y")) {
            psd = Psd.YES;
          } else if (value.equalsIgnoreCase("n")) {
            psd = Psd.NO;
          } else if (value.equalsIgnoreCase("u")) {
            psd = Psd.UNKNOWN;
          } else {
            warnings.add(invalid(name, value, valueAt, "y, n or u", "u"));
          }
          break;
        case "t":
          if (value.equalsIgnoreCase("y")) {
            testing = true;
          } else if (!value.equalsIgnoreCase("n")) {
            warnings.add(invalid(name, value, valueAt, "y or n", "n"));
          }
          break;
        case "adkim":
        case "aspf":
          Alignment a = null;
          if (value.equalsIgnoreCase("r")) {
            a = Alignment.RELAXED;
          } else if (value.equalsIgnoreCase("s")) {
            a = Alignment.STRICT;
          } else {
            warnings.add(invalid(name, value, valueAt, "r or s", "r"));
          }
          if (a != null) {
            if (name.equals("adkim")) {
              adkim = a;
            } else {
              aspf = a;
            }
          }
          break;
        case "pct":
          if (bis) {
            warnings.add(removed(name, at));
          } else if (isDigits(value, 3) && Integer.parseInt(value) <= 100) {
            pct = Integer.parseInt(value);
          } else {
            warnings.add(invalid(name, value, valueAt, "an integer from 0 to 100", "100"));
          }
          break;
        case "rf":
          if (bis) {
            warnings.add(removed(name, at));
          } else if (!isAfrfList(value)) {
            warnings.add(invalid(name, value, valueAt, "afrf", "afrf"));
          }
          break;
        case "ri":
          if (bis) {
            warnings.add(removed(name, at));
          } else if (!isDigits(value, 32)) {
            warnings.add(invalid(name, value, valueAt, "a number of seconds", "86400"));
          }
          break;
        case "fo":
          if (isFailureOptions(value)) {
            fo = value;
          } else {
            warnings.add(invalid(name, value, valueAt, "0, 1, d or s, separated by \":\"", "0"));
          }
          break;
        case "rua":
          uris(name, value, valueAt, rua);
          break;
        case "ruf":
          uris(name, value, valueAt, ruf);
          break;
        default:
          throw new AssertionError(name);
      }
    }

    private DmarcPolicy policy(String name, String value, int valueAt) {
      Optional<DmarcPolicy> policy = DmarcPolicy.of(value);
      if (policy.isEmpty()) {
        warnings.add(
            new DmarcProblem(
                valueAt, name, "invalid value " + Texts.quote(value) + ": none, quarantine or reject"));
        return null;
      }
      return policy.get();
    }

    private void markInvalid(String name) {
      switch (name) {
        case "p":
          pSeen = true;
          pInvalid = true;
          seen.add(name);
          break;
        case "sp":
          spInvalid = true;
          seen.add(name);
          break;
        case "np":
          npInvalid = true;
          seen.add(name);
          break;
        default:
          seen.add(name);
      }
    }

    /** A comma-separated URI list. */
    private void uris(String name, String value, int valueAt, List<ReportUri> out) {
      int n = value.length();
      int i = 0;
      while (i <= n) {
        int comma = value.indexOf(',', i);
        if (comma < 0) {
          comma = n;
        }
        int s = skipWsp(value, i, comma);
        int e = comma;
        while (e > s && isWsp(value.charAt(e - 1))) {
          e--;
        }
        if (s < e) {
          uri(name, value.substring(s, e), valueAt + s, out);
        } else {
          warnings.add(new DmarcProblem(valueAt + s, name, "empty URI ignored"));
        }
        i = comma + 1;
      }
    }

    private void uri(String name, String item, int at, List<ReportUri> out) {
      String uri = item;
      OptionalLong size = OptionalLong.empty();
      int bang = item.lastIndexOf('!');
      if (bang >= 0) {
        OptionalLong parsed = size(item, bang + 1);
        if (parsed.isEmpty()) {
          warnings.add(
              new DmarcProblem(
                  at + bang, name, "malformed size suffix in " + Texts.quote(item) + "; URI ignored"));
          return;
        }
        uri = item.substring(0, bang);
        if (bis) {
          warnings.add(
              new DmarcProblem(
                  at + bang, name, "the !size suffix is obsolete in RFC 9989; ignored by reporters"));
        } else {
          size = parsed;
        }
      }
      if (!uri.regionMatches(true, 0, "mailto:", 0, 7)) {
        warnings.add(
            new DmarcProblem(at, name, "URI " + Texts.quote(uri) + " is not a mailto: URI; ignored"));
        return;
      }
      String address = uri.substring(7);
      int query = address.indexOf('?');
      if (query >= 0) {
        address = address.substring(0, query);
      }
      int atSign = address.lastIndexOf('@');
      if (atSign <= 0
          || address.startsWith("/")
          || !isHostName(address, atSign + 1, address.length())) {
        warnings.add(
            new DmarcProblem(
                at, name, "malformed mailto URI " + Texts.quote(uri) + " (wants mailto:local@domain); ignored"));
        return;
      }
      String domain = address.substring(atSign + 1).toLowerCase(Locale.ROOT);
      if (domain.endsWith(".")) {
        domain = domain.substring(0, domain.length() - 1);
      }
      out.add(new ReportUri(uri, address, domain, size));
    }

    /** {@code 1*DIGIT [ "k" / "m" / "g" / "t" ]} from {@code from} to the end: bytes, or empty. */
    private static OptionalLong size(String s, int from) {
      int n = s.length();
      int i = from;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i == from || i - from > 12) {
        return OptionalLong.empty();
      }
      long value = Long.parseLong(s.substring(from, i));
      if (i == n) {
        return OptionalLong.of(value);
      }
      if (i != n - 1) {
        return OptionalLong.empty();
      }
      switch (Character.toLowerCase(s.charAt(i))) {
        case 'k':
          return OptionalLong.of(value << 10);
        case 'm':
          return OptionalLong.of(value << 20);
        case 'g':
          return OptionalLong.of(value << 30);
        case 't':
          return OptionalLong.of(value << 40);
        default:
          return OptionalLong.empty();
      }
    }

    private DmarcProblem invalid(String name, String value, int at, String wanted, String dflt) {
      return new DmarcProblem(
          at,
          name,
          "invalid value " + Texts.quote(value) + " (wants " + wanted + "); default " + dflt + " used");
    }

    private DmarcProblem removed(String name, int at) {
      return new DmarcProblem(
          at, name, "removed by RFC 9989 (it was in RFC 7489); ignored");
    }

    private boolean isKnown(String name) {
      return COMMON.contains(name) || (bis && RFC9989_ONLY.contains(name));
    }

    private static boolean isTagName(String s) {
      if (s.isEmpty() || !isAlpha(s.charAt(0))) {
        return false;
      }
      for (int i = 1; i < s.length(); i++) {
        char c = s.charAt(i);
        if (!(isAlpha(c) || (c >= '0' && c <= '9') || c == '_')) {
          return false;
        }
      }
      return true;
    }

    private static boolean isDigits(String s, int maxDigits) {
      if (s.isEmpty() || s.length() > maxDigits) {
        return false;
      }
      for (int i = 0; i < s.length(); i++) {
        if (s.charAt(i) < '0' || s.charAt(i) > '9') {
          return false;
        }
      }
      return true;
    }

    /** {@code afrf} in a comma-separated list of report formats, each a keyword. */
    private static boolean isAfrfList(String s) {
      boolean afrf = false;
      for (String part : s.split(",", -1)) {
        String k = part.trim();
        if (!isTagName(k)) {
          return false;
        }
        afrf |= k.equalsIgnoreCase("afrf");
      }
      return afrf;
    }

    private static boolean isFailureOptions(String s) {
      if (s.isEmpty()) {
        return false;
      }
      for (String part : s.split(":", -1)) {
        String o = part.trim();
        if (!(o.equals("0") || o.equals("1") || o.equalsIgnoreCase("d") || o.equalsIgnoreCase("s"))) {
          return false;
        }
      }
      return true;
    }

    /** Letters, digits, '-' and '.', not empty, no empty label (a trailing dot allowed). */
    private static boolean isHostName(String s, int from, int to) {
      if (from >= to) {
        return false;
      }
      int label = 0;
      for (int i = from; i < to; i++) {
        char c = s.charAt(i);
        if (c == '.') {
          if (label == 0) {
            return false;
          }
          label = 0;
        } else if (isAlpha(c) || (c >= '0' && c <= '9') || c == '-') {
          label++;
        } else {
          return false;
        }
      }
      return true;
    }

    private static boolean isAlpha(char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isWsp(char c) {
      return c == ' ' || c == '\t';
    }

    private static int skipWsp(String s, int i, int end) {
      while (i < end && isWsp(s.charAt(i))) {
        i++;
      }
      return i;
    }
  }
}
