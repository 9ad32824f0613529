package io.github.bouncekit.internal;

import io.github.bouncekit.Action;
import io.github.bouncekit.Cause;
import io.github.bouncekit.Confidence;
import io.github.bouncekit.Context;
import io.github.bouncekit.Diagnosis;
import io.github.bouncekit.Evidence;
import io.github.bouncekit.Facts;
import io.github.bouncekit.Permanence;
import io.github.bouncekit.provider.Provider;
import io.github.bouncekit.provider.ProviderRule;
import io.github.bouncekit.provider.RuleTable;
import io.github.bouncekit.remedy.Remedy;
import io.github.bouncekit.reply.SmtpReply;
import io.github.bouncekit.status.EnhancedStatusCode;
import io.github.bouncekit.status.StatusClass;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The compiled rule tables: every phrase of every rule and provider signal in one {@link
 * PhraseAutomaton}, so one pass over a reply finds every candidate rule. Immutable after
 * construction; per-call state lives in a thread-local scratch area, so one engine serves any
 * number of threads.
 */
public final class RuleEngine {
  // Tiers, best first (see the rules README, "Decision order").
  static final int PROVIDER_PHRASE = 0;
  static final int PROVIDER_CODE = 1;
  static final int GENERIC_PHRASE = 2;
  static final int GENERIC_ENHANCED = 3;
  static final int GENERIC_BASIC = 4;
  // Remedy lists are cached per rule for this many providers; others are computed each time.
  static final int PROVIDER_SLOTS = 64;
  private static final Compiled[] NONE = new Compiled[0];

  /** One compiled rule row. */
  private static final class Compiled {
    final ProviderRule rule;
    final String table;
    final int provider; // index into providers, -1 for the generic table
    final int ordinal;
    final CodeConstraint basic;
    final CodeConstraint enhanced;
    final int[][] required; // per group: phrase ids
    final int[][] forbidden;
    final int[] requiredLength; // per group: sum of phrase lengths
    // Copies of the row's fields the selection reads, kept here so that it reads one object (the
    // priority is read from rulePriority).
    final boolean detectedScope; // rule.scope() == DETECTED
    final int stageMask; // bit per SmtpStage ordinal; 0 for every stage
    final boolean codeOnly; // no phrase group: the row's codes alone decide
    final boolean anyEnhanced; // enhanced.isAny()
    final boolean anyCode; // neither code constrained
    // The remedies by recognised provider (index + 1; 0 for none), computed on first use.
    final java.util.concurrent.atomic.AtomicReferenceArray<List<Remedy>> remedies;
    final Optional<String> source; // the evidence's source, made once

    Compiled(
        ProviderRule rule,
        String table,
        int provider,
        int ordinal,
        int[][] required,
        int[][] forbidden,
        int[] requiredLength) {
      this.rule = rule;
      this.table = table;
      this.provider = provider;
      this.ordinal = ordinal;
      this.basic = CodeConstraint.basic(rule.basic());
      this.enhanced = CodeConstraint.enhanced(rule.enhanced());
      this.required = required;
      this.forbidden = forbidden;
      this.requiredLength = requiredLength;
      this.detectedScope = rule.scope() == ProviderRule.Scope.DETECTED;
      int mask = 0;
      for (io.github.bouncekit.reply.SmtpStage st : io.github.bouncekit.reply.SmtpStage.values()) {
        if (rule.appliesAt(Optional.of(st))) {
          mask |= 1 << st.ordinal();
        }
      }
      this.stageMask = rule.appliesAt(Optional.empty()) ? 0 : mask;
      this.codeOnly = required.length == 0;
      this.anyEnhanced = enhanced.isAny();
      this.anyCode = basic.isAny() && anyEnhanced;
      this.remedies = new java.util.concurrent.atomic.AtomicReferenceArray<>(PROVIDER_SLOTS);
      this.source = rule.source().isEmpty() ? Optional.empty() : Optional.of(rule.source());
    }

    int tier(int detected) {
      if (provider < 0) {
        if (!codeOnly) {
          return GENERIC_PHRASE;
        }
        return anyEnhanced ? GENERIC_BASIC : GENERIC_ENHANCED;
      }
      if (codeOnly) {
        return provider == detected ? PROVIDER_CODE : -1;
      }
      return phraseTier(provider, detectedScope, detected);
    }
  }

  // The tier of a rule with phrase groups of a provider's table (-1 for the generic table), or
  // -1 when it cannot apply: a rule of scope "detected" needs its provider detected.
  private static int phraseTier(int provider, boolean detectedScope, int detected) {
    if (provider < 0) {
      return GENERIC_PHRASE;
    }
    return provider == detected || !detectedScope ? PROVIDER_PHRASE : -1;
  }

  // ProviderRule.appliesAt, read from a rule's stage mask (0 for every stage); stageBit is
  // 1 << the stage's ordinal, 0 for none.
  private static boolean appliesAt(int stageMask, int stageBit) {
    return stageMask == 0 || (stageMask & stageBit) != 0;
  }

  /** One provider signal: an {@code &} group of a providers.tsv signals cell. */
  private record Signal(int provider, int[] required, int[] forbidden) {}

  private final List<Provider> providers = new ArrayList<>();
  private final List<Optional<Provider>> providerFound; // by index, made once
  private final Map<String, Integer> providerIndex = new HashMap<>();
  private final ProviderDirectory directory;
  private final RemedyCatalogue remedies;
  private final List<MatchExpression.Phrase> phrases = new ArrayList<>();
  private final Map<MatchExpression.Phrase, Integer> phraseIds = new HashMap<>();
  private final Compiled[] rules;
  // The generic code-only rows whose basic-code constraint admits a code, by that code (a reply's
  // code is 200-599; NO_CODE for a reply without one), in table order: a reply reads only the rows
  // its code allows.
  private final Compiled[][] genericCodeOnly;
  private static final int NO_CODE = 600;
  private final Compiled[][] providerCodeOnly; // by provider index
  private final Signal[] signals;
  // Each string reports, as its payload, its phrase id with the tests its occurrences need
  // (PATTERN_* bits). A phrase must not continue a word before (after) it when it is not open
  // there and its first (last) character is a letter or digit; and, unless it names an address
  // itself, it must not end inside an address's local part.
  private final PhraseAutomaton automaton;
  private static final int PATTERN_WORD_START = 1 << 29; // not right after a word character
  private static final int PATTERN_WORD_END = 1 << 30; // not right before one
  private static final int PATTERN_NOT_LOCAL = 1 << 28; // not inside an address's local part
  private static final int PATTERN_PHRASE = (1 << 28) - 1;
  // The phrase groups each phrase triggers, in one array: triggered[triggerFirst[p] ..
  // triggerFirst[p + 1]) holds for each group its rule, its index, its required length, the
  // number of phrases it requires << 16 | the number it forbids, then those phrases. A call reads
  // one stretch of memory per phrase found, not the objects of the rules it names.
  private final int[] triggerFirst;
  private final int[] triggered;
  // By rule, what the selection reads of a rule a group triggers: provider index + 1 in the
  // RULE_PROVIDER bits and the other RULE_* flags; the stage mask; the priority.
  private final int[] ruleSelect;
  private final int[] ruleStages;
  private final int[] rulePriority;
  private static final int RULE_DETECTED_SCOPE = 1 << 30;
  private static final int RULE_ANY_CODE = 1 << 29;
  private static final int RULE_PROVIDER = (1 << 29) - 1;
  private final int[][] signalsByPhrase;
  private final ThreadLocal<Scratch> scratch;
  // FactExtractor.blocklistNeedles() as phrase ids, and by phrase id the needle's index (-1 for
  // none): the call's few phrases found are looked up, not every needle's phrase.
  private final int[] blocklistPhrases;
  private final int[] blocklistOf;
  private final String[] phraseLabels; // by phrase id: the phrase as the rule wrote it

  /**
   * Compiles tables.
   *
   * @param tables the tables, provider tables first; a later table's rows rank after an earlier's
   * @param directory the providers
   * @param remedies the remedy catalogue
   * @throws IllegalArgumentException when ids clash, a remedy id is unknown, or a table's rows
   *     could never apply
   */
  public RuleEngine(List<RuleTable> tables, ProviderDirectory directory, RemedyCatalogue remedies) {
    this.directory = directory;
    this.remedies = remedies;
    for (ProviderDirectory.Entry e : directory.entries()) {
      providerIndex.put(e.provider().id(), providers.size());
      providers.add(e.provider());
    }
    List<Compiled> compiled = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (RuleTable t : tables) {
      int provider = -1;
      if (t.providerId().isPresent()) {
        String pid = t.providerId().get();
        Integer idx = providerIndex.get(pid);
        if (idx == null) {
          for (ProviderRule r : t.rules()) {
            if (r.scope() == ProviderRule.Scope.DETECTED) {
              throw new IllegalArgumentException(
                  "table '"
                      + pid
                      + "': the provider is not in providers.tsv, so rule "
                      + r.id()
                      + " (scope detected) could never apply; give it scope any or shared");
            }
          }
          idx = providers.size();
          providerIndex.put(pid, idx);
          providers.add(new Provider(pid, pid));
        }
        provider = idx;
      }
      for (ProviderRule r : t.rules()) {
        if (!ids.add(r.id())) {
          throw new IllegalArgumentException("rule id " + r.id() + " appears twice");
        }
        for (String remedy : r.remedies()) {
          if (remedies.get(remedy).isEmpty()) {
            throw new IllegalArgumentException(
                "rule " + r.id() + " names remedy '" + remedy + "', which remedies.tsv lacks");
          }
        }
        MatchExpression expr = MatchExpression.parse(r.match());
        int groups = expr.groups().size();
        int[][] req = new int[groups][];
        int[][] forb = new int[groups][];
        int[] len = new int[groups];
        for (int g = 0; g < groups; g++) {
          MatchExpression.Group group = expr.groups().get(g);
          req[g] = phraseIdsOf(group.required());
          forb[g] = phraseIdsOf(group.forbidden());
          for (MatchExpression.Phrase p : group.required()) {
            len[g] += p.text().length();
          }
        }
        compiled.add(new Compiled(r, t.name(), provider, compiled.size(), req, forb, len));
      }
    }
    List<Signal> sigs = new ArrayList<>();
    for (ProviderDirectory.Entry e : directory.entries()) {
      int p = providerIndex.get(e.provider().id());
      for (MatchExpression.Group g : e.signals().groups()) {
        sigs.add(new Signal(p, phraseIdsOf(g.required()), phraseIdsOf(g.forbidden())));
      }
    }
    List<String> needles = FactExtractor.blocklistNeedles();
    blocklistPhrases = new int[needles.size()];
    for (int i = 0; i < blocklistPhrases.length; i++) {
      blocklistPhrases[i] =
          phraseIdsOf(List.of(new MatchExpression.Phrase(needles.get(i), true, true)))[0];
    }
    blocklistOf = new int[phrases.size()];
    java.util.Arrays.fill(blocklistOf, -1);
    for (int i = 0; i < blocklistPhrases.length; i++) {
      blocklistOf[blocklistPhrases[i]] = i;
    }
    rules = compiled.toArray(new Compiled[0]);
    Compiled[] allGenericCodeOnly =
        compiled.stream().filter(c -> c.codeOnly && c.provider < 0).toArray(Compiled[]::new);
    genericCodeOnly = new Compiled[NO_CODE + 1][];
    Map<List<Compiled>, Compiled[]> shared = new HashMap<>();
    for (int code = 0; code <= NO_CODE; code++) {
      java.util.OptionalInt c =
          code == NO_CODE ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(code);
      List<Compiled> admitted = new ArrayList<>();
      for (Compiled row : allGenericCodeOnly) {
        if (row.basic.matchesBasic(c)) {
          admitted.add(row);
        }
      }
      genericCodeOnly[code] =
          shared.computeIfAbsent(admitted, k -> k.toArray(new Compiled[0]));
    }
    providerCodeOnly = new Compiled[providers.size()][];
    for (int p = 0; p < providers.size(); p++) {
      int pi = p;
      providerCodeOnly[p] =
          compiled.stream().filter(c -> c.codeOnly && c.provider == pi).toArray(Compiled[]::new);
    }
    signals = sigs.toArray(new Signal[0]);

    // One automaton over the phrases' texts: each spelling of a phrase ("e-mail" and "email") is
    // a string of the automaton that reports the phrase. Phrases that share a text (the same
    // words, open at an end or not) share its states and each is a string of its own.
    if (phrases.size() > PATTERN_PHRASE) {
      throw new IllegalArgumentException("too many phrases: " + phrases.size());
    }
    List<String> texts = new ArrayList<>();
    List<Integer> info = new ArrayList<>();
    for (int i = 0; i < phrases.size(); i++) {
      MatchExpression.Phrase phrase = phrases.get(i);
      String pt = phrase.text();
      int flags = i;
      if (!phrase.openStart() && TextNormalizer.isWordChar(pt.charAt(0))) {
        flags |= PATTERN_WORD_START;
      }
      if (!phrase.openEnd() && TextNormalizer.isWordChar(pt.charAt(pt.length() - 1))) {
        flags |= PATTERN_WORD_END;
      }
      if (pt.indexOf('@') < 0) {
        flags |= PATTERN_NOT_LOCAL; // "delist@..." names an address itself
      }
      for (String text : TextNormalizer.spellings(pt)) {
        texts.add(text);
        info.add(flags);
      }
    }
    automaton = new PhraseAutomaton(texts, info.stream().mapToInt(Integer::intValue).toArray());
    // Each group is read only when its trigger, the one of its phrases that fewest groups
    // require (the longest of those), occurs: a group whose phrases all occur holds its trigger.
    // A common word such as "unknown" is required by hundreds of groups and seldom triggers one.
    int[] groupsRequiring = new int[phrases.size()];
    for (Compiled c : rules) {
      for (int[] group : c.required) {
        for (int p : group) {
          groupsRequiring[p]++;
        }
      }
    }
    List<List<Integer>> byTrigger = emptyLists(phrases.size());
    for (Compiled c : rules) {
      for (int g = 0; g < c.required.length; g++) {
        int trigger = -1;
        for (int p : c.required[g]) {
          if (trigger < 0 || groupsRequiring[p] < groupsRequiring[trigger]
              || groupsRequiring[p] == groupsRequiring[trigger]
                  && phrases.get(p).text().length() > phrases.get(trigger).text().length()) {
            trigger = p;
          }
        }
        byTrigger.get(trigger).add(c.ordinal);
        byTrigger.get(trigger).add(g);
      }
    }
    triggerFirst = new int[phrases.size() + 1];
    List<Integer> flat = new ArrayList<>();
    for (int p = 0; p < phrases.size(); p++) {
      triggerFirst[p] = flat.size();
      List<Integer> pairs = byTrigger.get(p);
      for (int k = 0; k < pairs.size(); k += 2) {
        Compiled c = rules[pairs.get(k)];
        int g = pairs.get(k + 1);
        int[] req = c.required[g];
        int[] forb = c.forbidden[g];
        if (req.length > 0xFFFF || forb.length > 0xFFFF) {
          throw new IllegalArgumentException(
              "rule " + c.rule.id() + ": more than 65535 phrases in one group");
        }
        flat.add(c.ordinal);
        flat.add(g);
        flat.add(c.requiredLength[g]);
        flat.add(req.length << 16 | forb.length);
        for (int q : req) {
          flat.add(q);
        }
        for (int q : forb) {
          flat.add(q);
        }
      }
    }
    triggerFirst[phrases.size()] = flat.size();
    triggered = flat.stream().mapToInt(Integer::intValue).toArray();
    ruleSelect = new int[rules.length];
    ruleStages = new int[rules.length];
    rulePriority = new int[rules.length];
    for (Compiled c : rules) {
      ruleSelect[c.ordinal] = (c.provider + 1)
          | (c.detectedScope ? RULE_DETECTED_SCOPE : 0) | (c.anyCode ? RULE_ANY_CODE : 0);
      ruleStages[c.ordinal] = c.stageMask;
      rulePriority[c.ordinal] = c.rule.priority();
    }
    List<List<Integer>> sigByPhrase = emptyLists(phrases.size());
    for (int s = 0; s < signals.length; s++) {
      for (int p : signals[s].required()) {
        sigByPhrase.get(p).add(s);
      }
    }
    signalsByPhrase = toArrays(sigByPhrase);
    int phraseCount = phrases.size();
    phraseLabels = new String[phraseCount];
    for (int i = 0; i < phraseCount; i++) {
      phraseLabels[i] = phrases.get(i).toString();
    }
    providerFound = providers.stream().map(Optional::of).toList();
    int ruleCount = rules.length;
    int signalCount = signals.length;
    int providerCount = providers.size();
    scratch =
        ThreadLocal.withInitial(() -> new Scratch(phraseCount, ruleCount, signalCount, providerCount));
  }

  private int[] phraseIdsOf(List<MatchExpression.Phrase> list) {
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      MatchExpression.Phrase p = list.get(i);
      Integer id = phraseIds.get(p);
      if (id == null) {
        id = phrases.size();
        phrases.add(p);
        phraseIds.put(p, id);
      }
      out[i] = id;
    }
    return out;
  }

  private static List<List<Integer>> emptyLists(int n) {
    List<List<Integer>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new ArrayList<>());
    }
    return out;
  }

  private static int[][] toArrays(List<List<Integer>> lists) {
    int[][] out = new int[lists.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = lists.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
    return out;
  }

  /** Every rule, in ranking order of tables. */
  public List<ProviderRule> rules() {
    List<ProviderRule> out = new ArrayList<>(rules.length);
    for (Compiled c : rules) {
      out.add(c.rule);
    }
    return out;
  }

  /** The table a rule id belongs to. */
  public Optional<String> tableOf(String ruleId) {
    for (Compiled c : rules) {
      if (c.rule.id().equals(ruleId)) {
        return Optional.of(c.table);
      }
    }
    return Optional.empty();
  }

  // ------------------------------------------------------------------ per call

  /** Per-thread state of one call, reused: stamps avoid clearing arrays between calls. */
  private final class Scratch implements PhraseAutomaton.Sink {
    int generation;
    // By phrase, three ints next to each other: the call's generation when the phrase occurs in
    // its text, and its first occurrence's start and end.
    final int[] phrase;
    int[] hits = new int[32];
    int hitCount;
    final TextNormalizer.Builder normal = new TextNormalizer.Builder();
    // By rule, four ints next to each other: the call's generation when a group of the rule was
    // reached, its tier (-1 when it cannot apply), its best satisfied group (-1 for none) and
    // that group's required length.
    final int[] rule;
    final int[] candidates; // the rules reached in this call that can apply
    final int[] signalStamp;
    final int[] providerScore;
    String text;
    Compiled best; // select()'s choice for the call, with its tier and group
    int bestTier;
    int bestGroup;
    int lastAt; // the text's last '@', -1 for none: no local part ends after it
    // For each position up to lastAt, the first position at or after it that holds no local-part
    // character; filled on the first question about the text (stopsReady).
    int[] stops = new int[256];
    boolean stopsReady;

    Scratch(int phraseCount, int ruleCount, int signalCount, int providerCount) {
      phrase = new int[3 * phraseCount];
      rule = new int[4 * ruleCount];
      candidates = new int[ruleCount];
      signalStamp = new int[signalCount];
      providerScore = new int[providerCount];
    }

    void reset(String t) {
      text = t;
      lastAt = t.lastIndexOf('@');
      stopsReady = false;
      hitCount = 0;
      if (++generation == Integer.MAX_VALUE) {
        generation = 1;
        java.util.Arrays.fill(phrase, 0);
        java.util.Arrays.fill(rule, 0);
        java.util.Arrays.fill(signalStamp, 0);
      }
      java.util.Arrays.fill(providerScore, 0);
    }

    boolean has(int phrase) {
      return this.phrase[3 * phrase] == generation;
    }

    // Where the phrase's first occurrence starts and ends; only for a phrase that occurs.
    int start(int phrase) {
      return this.phrase[3 * phrase + 1];
    }

    int end(int phrase) {
      return this.phrase[3 * phrase + 2];
    }

    @Override
    public void hit(int info, int start, int end) {
      int ph = info & PATTERN_PHRASE;
      int at = 3 * ph;
      if (phrase[at] == generation) {
        return;
      }
      // The phrase's own first and last characters are known: only the text's neighbours are
      // read.
      if ((info & PATTERN_WORD_START) != 0 && start > 0 && joinsWord(text.charAt(start - 1))) {
        return;
      }
      if ((info & PATTERN_WORD_END) != 0 && end < text.length() && joinsWord(text.charAt(end))) {
        return;
      }
      if ((info & PATTERN_NOT_LOCAL) != 0 && end <= lastAt && inLocalPart(end)) {
        return; // "spam" in "<spam@example.com>" is a name, not a reason
      }
      phrase[at] = generation;
      phrase[at + 1] = start;
      phrase[at + 2] = end;
      if (hitCount == hits.length) {
        hits = java.util.Arrays.copyOf(hits, hitCount * 2);
      }
      hits[hitCount++] = ph;
    }

    /**
     * Whether the text just before {@code end} (at most {@link #lastAt}) belongs to the local part
     * of an e-mail address: the characters from {@code end} on are local-part characters up to an
     * {@code @}, 64 at the most (the longest local part RFC 5321 allows). One pass from the last
     * {@code @} back to the start answers every position, however many phrases end there.
     */
    boolean inLocalPart(int end) {
      if (!stopsReady) {
        if (stops.length <= lastAt) {
          stops = new int[Math.max(lastAt + 1, stops.length * 2)];
        }
        int next = lastAt;
        for (int i = lastAt; i >= 0; i--) {
          if (!localPartChar(text.charAt(i))) {
            next = i;
          }
          stops[i] = next;
        }
        stopsReady = true;
      }
      int stop = stops[end];
      return text.charAt(stop) == '@' && stop - end <= 64;
    }
  }

  private static boolean localPartChar(char c) {
    return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
        || c == '+' || c == '%' || c >= 'A' && c <= 'Z';
  }

  /**
   * Whether a character next to a phrase makes it part of a longer word. An underscore joins
   * words into one identifier: "brbl" in a filter's test name "RCVD_IN_BRBL_LASTEXT", or "dkim" in
   * an Exim router name "dkim_lookuphost", is not the word.
   */
  static boolean joinsWord(char c) {
    return c == '_' || TextNormalizer.isWordChar(c);
  }

  /**
   * Diagnoses one reply.
   *
   * @param input the reply, not null
   * @param context what the caller knows
   * @return the diagnosis
   */
  public Diagnosis diagnose(String input, Context context) {
    return diagnoseParsed(SmtpReply.parse(input), input, context);
  }

  // The reading of a parsed reply. A method of its own: the JIT compiles it apart from the reply
  // parser, which it would otherwise inline here whole, leaving no room to inline the small calls
  // below (accessors, Optional, the selection's tests); measured with -XX:+PrintInlining.
  private Diagnosis diagnoseParsed(SmtpReply reply, String input, Context context) {
    String replyText = reply.text();
    String raw = reply.trailer().isPresent() ? replyText + " " + reply.trailer().get() : replyText;
    Scratch s = scratch.get();
    // The reply as written, codes first ("550 5.7.1 text"), so phrases may name codes too.
    TextNormalizer.Builder normal = s.normal.reset();
    if (reply.code().isPresent()) {
      normal.append(reply.code().getAsInt()).append(' ');
    }
    if (reply.enhancedCode().isPresent()) {
      EnhancedStatusCode e = reply.enhancedCode().get();
      normal.append(e.statusClass().code()).append('.').append(e.subject()).append('.')
          .append(e.detail()).append(' ');
    }
    String text = normal.append(raw).build();
    s.reset(text);
    automaton.scan(text, s);

    int detected = detectProvider(s, reply, context, input);
    // The caller's stage, else the wrapper's, else what a sender code says (no lambdas: this runs
    // for every reply).
    Optional<io.github.bouncekit.reply.SmtpStage> stage = context.stage();
    if (stage.isEmpty()) {
      stage = reply.stage().isPresent() ? reply.stage() : senderCodeStage(reply);
    }

    select(s, reply, detected, stage);
    return result(s, reply, input, replyText, raw, text, detected, stage);
  }

  // Rule selection (DESIGN's decision order): the best rule, its tier and its group (-1 for a
  // code-only row) go to s.best, s.bestTier and s.bestGroup. This and result() are methods of
  // their own so that the JIT compiles each with its own inlining budget: in one method, the
  // text's normalising used it up before the small tests below were reached.
  private void select(
      Scratch s,
      SmtpReply reply,
      int detected,
      Optional<io.github.bouncekit.reply.SmtpStage> stage) {
    int bestRule = -1;
    int bestTier = Integer.MAX_VALUE;
    int bestGroup = -1;
    int bestLen = -1;
    // The rules whose groups the phrases found trigger; each rule's eligibility (provider, codes,
    // stage) is decided once, and its best group is the longest satisfied one (the first of equal
    // length).
    int stageBit = stage.isPresent() ? 1 << stage.get().ordinal() : 0;
    int[] state = s.rule;
    int candidates = 0;
    for (int h = 0; h < s.hitCount; h++) {
      int ph = s.hits[h];
      for (int k = triggerFirst[ph], end = triggerFirst[ph + 1]; k < end; ) {
        int r = triggered[k];
        int g = triggered[k + 1];
        int len = triggered[k + 2];
        int counts = triggered[k + 3];
        int required = k + 4;
        int forbidden = required + (counts >>> 16);
        k = forbidden + (counts & 0xFFFF);
        int at = 4 * r;
        if (state[at] != s.generation) {
          state[at] = s.generation;
          int sel = ruleSelect[r];
          int tier =
              phraseTier((sel & RULE_PROVIDER) - 1, (sel & RULE_DETECTED_SCOPE) != 0, detected);
          boolean eligible = tier >= 0
              && ((sel & RULE_ANY_CODE) != 0 || codesMatch(rules[r], reply))
              && appliesAt(ruleStages[r], stageBit);
          state[at + 1] = eligible ? tier : -1;
          state[at + 2] = -1;
          if (eligible) {
            s.candidates[candidates++] = r;
          }
        }
        if (state[at + 1] < 0 || !all(triggered, required, forbidden, s)
            || any(triggered, forbidden, k, s)) {
          continue;
        }
        int current = state[at + 2];
        if (current < 0 || len > state[at + 3] || len == state[at + 3] && g < current) {
          state[at + 2] = g;
          state[at + 3] = len;
        }
      }
    }
    for (int k = 0; k < candidates; k++) {
      int r = s.candidates[k];
      int at = 4 * r;
      int group = state[at + 2];
      if (group < 0) {
        continue;
      }
      int tier = state[at + 1];
      int len = state[at + 3];
      if (better(tier, r, len, bestTier, bestRule, bestLen)) {
        bestRule = r;
        bestTier = tier;
        bestGroup = group;
        bestLen = len;
      }
    }
    if ((reply.code().isPresent() || reply.enhancedCode().isPresent()) && !success(reply)) {
      // A code-only row can only win at its own tier or a better one: lists whose rows all rank
      // below the best phrase match are not read.
      for (int l = 0; l < 2; l++) {
        Compiled[] list =
            l == 0
                ? detected >= 0 && bestTier >= PROVIDER_CODE ? providerCodeOnly[detected] : NONE
                : bestTier >= GENERIC_ENHANCED ? genericCodeOnly[basicIndex(reply)] : NONE;
        for (Compiled c : list) {
          int tier = c.tier(detected);
          if (tier < 0 || tier > bestTier || !codesMatch(c, reply)
              || !appliesAt(c.stageMask, stageBit)) {
            continue;
          }
          if (better(tier, c.ordinal, 0, bestTier, bestRule, bestLen)) {
            bestRule = c.ordinal;
            bestTier = tier;
            bestGroup = -1;
            bestLen = 0;
          }
        }
      }
    }
    s.best = bestRule < 0 ? null : rules[bestRule];
    s.bestTier = bestTier;
    s.bestGroup = bestGroup;
  }

  // The diagnosis of the rule select() chose.
  private Diagnosis result(
      Scratch s,
      SmtpReply reply,
      String input,
      String replyText,
      String raw,
      String text,
      int detected,
      Optional<io.github.bouncekit.reply.SmtpStage> stage) {
    Compiled best = s.best;
    int bestTier = s.bestTier;
    int bestGroup = s.bestGroup;
    Optional<Provider> provider = Optional.empty();
    int providerIdx = -1;
    if (detected >= 0) {
      providerIdx = detected;
    } else if (best != null && best.provider >= 0 && best.rule.scope() == ProviderRule.Scope.ANY) {
      providerIdx = best.provider;
    }
    if (providerIdx >= 0) {
      provider = providerFound.get(providerIdx);
    }
    List<String> extraHosts = reply.remoteHost().map(List::of).orElse(List.of());
    boolean[] listed = null;
    for (int h = 0; h < s.hitCount; h++) {
      int needle = blocklistOf[s.hits[h]];
      if (needle >= 0) {
        if (listed == null) {
          listed = new boolean[blocklistPhrases.length];
        }
        listed[needle] = true;
      }
    }
    Facts facts = FactExtractor.extract(raw, listed, extraHosts);
    List<String> notes = new ArrayList<>(reply.warnings());

    if (best == null) {
      if (text.isEmpty() && reply.code().isEmpty()) {
        notes.add("the reply is empty");
      } else if (success(reply)) {
        notes.add("the reply reports success: its codes say nothing failed");
      } else {
        notes.add("no rule matched the reply's words or codes");
      }
      Permanence permanence = fromClass(reply).orElse(Permanence.UNKNOWN);
      return new Diagnosis(
          reply,
          provider,
          Cause.UNKNOWN,
          defaultAction(Cause.UNKNOWN, permanence),
          permanence,
          List.of(),
          Optional.empty(),
          facts,
          Confidence.NONE,
          notes);
    }
    ProviderRule rule = best.rule;
    Cause ruleCause = rule.cause();
    Cause staged = beforeRecipient(ruleCause, stage);
    boolean sendFailed = false;
    if (staged == null && stage.isEmpty()) {
      Cause asSender =
          beforeRecipient(ruleCause, Optional.of(io.github.bouncekit.reply.SmtpStage.MAIL_FROM));
      if (asSender != null && javaMailSendFailed(input, replyText)) {
        staged = asSender;
        sendFailed = true;
      }
    }
    boolean refusedLogin = false;
    if (staged == null && bestTier >= GENERIC_ENHANCED && refusesLogin(ruleCause)
        && stage.isPresent() && stage.get() == io.github.bouncekit.reply.SmtpStage.AUTH
        && fromClass(reply).orElse(Permanence.UNKNOWN) == Permanence.PERMANENT) {
      // Only the codes spoke, and they refused AUTH for good: the server refused the login. (A
      // temporary code keeps its meaning, the server's own trouble; a syntax code, 500-504,
      // says the client's command was wrong.)
      staged = Cause.TLS_OR_AUTH_REQUIRED;
      refusedLogin = true;
    }
    Cause cause = staged == null ? ruleCause : staged;
    Permanence permanence =
        staged == null && rule.permanence().isPresent()
            ? rule.permanence().get()
            : derivePermanence(
                cause, reply, text, staged == null ? rule.action() : Optional.empty());
    Action action =
        staged == null && rule.action().isPresent()
            ? rule.action().get()
            : defaultAction(cause, permanence);
    if (sendFailed) {
      notes.add(
          "JavaMail's SMTPSendFailedException answers MAIL FROM or the message data, never RCPT TO"
              + " (a refused recipient is an SMTPAddressFailedException): read as "
              + cause.id()
              + " instead of "
              + ruleCause.id());
    } else if (refusedLogin) {
      notes.add(
          "the reply answered AUTH and only its codes speak: read as a refused login ("
              + cause.id()
              + ") instead of "
              + ruleCause.id());
    } else if (staged != null) {
      notes.add(
          "the reply came at the "
              + stage.get()
              + " stage, before any recipient was named, so it cannot be about the recipient's"
              + " mailbox: read as "
              + cause.id()
              + " instead of "
              + ruleCause.id());
    }
    int slot = providerIdx + 1;
    List<Remedy> list = staged == null && slot < PROVIDER_SLOTS ? best.remedies.get(slot) : null;
    if (staged != null) {
      list = remedies.remedies(cause, provider.map(Provider::id), List.of());
    } else if (list == null) {
      list = remedies.remedies(cause, provider.map(Provider::id), rule.remedies());
      if (slot < PROVIDER_SLOTS) {
        best.remedies.set(slot, list);
      }
    }
    List<Evidence.Match> matches = List.of();
    if (bestGroup >= 0) {
      int[] group = best.required[bestGroup];
      Evidence.Match[] m = new Evidence.Match[group.length];
      for (int k = 0; k < group.length; k++) {
        int p = group[k];
        Evidence.Match match = new Evidence.Match(phraseLabels[p], s.start(p), s.end(p));
        int j = k;
        while (j > 0 && m[j - 1].start() > match.start()) {
          m[j] = m[j - 1];
          j--;
        }
        m[j] = match;
      }
      matches = List.of(m);
    }
    Evidence evidence =
        new Evidence(
            rule.id(),
            best.table,
            basis(bestTier),
            matches,
            text,
            best.source);
    return new Diagnosis(
        reply,
        provider,
        cause,
        action,
        permanence,
        list,
        Optional.of(evidence),
        facts,
        confidence(bestTier),
        notes);
  }

  // The causes a code-only reading gives that a refusal of AUTH replaces with a refused login.
  private static boolean refusesLogin(Cause cause) {
    return cause != Cause.TLS_OR_AUTH_REQUIRED
        && cause != Cause.PROTOCOL_ERROR
        && cause != Cause.SYSTEM_ERROR;
  }

  /**
   * The cause a reply given before the recipient was named stands for, when the rule's cause is
   * about the recipient's mailbox or domain: at {@code MAIL FROM} it is the sender's address, at
   * {@code HELO} the client's own name, at the greeting the connection. Null when the cause
   * stands.
   */
  static Cause beforeRecipient(Cause cause, Optional<io.github.bouncekit.reply.SmtpStage> stage) {
    if (stage.isEmpty()
        || cause != Cause.USER_UNKNOWN
            && cause != Cause.MAILBOX_DISABLED
            && cause != Cause.DOMAIN_INVALID) {
      return null;
    }
    switch (stage.get()) {
      case MAIL_FROM:
        return Cause.SENDER_INVALID;
      case HELO:
        return Cause.PROTOCOL_ERROR;
      case CONNECT:
        return Cause.BLOCKED_UNSPECIFIED;
      case AUTH:
        // The mailbox named is the client's own login: disabled, it restricts the sender's
        // account; unknown, the credentials are wrong.
        return cause == Cause.MAILBOX_DISABLED
            ? Cause.SENDER_ACCOUNT_RESTRICTED
            : Cause.TLS_OR_AUTH_REQUIRED;
      default:
        return null;
    }
  }

  /**
   * Whether the input is JavaMail's (Jakarta Mail's, Angus Mail's) {@code SMTPSendFailedException}
   * for a reply that names no recipient. JavaMail throws it for a refused {@code MAIL FROM}, {@code
   * DATA} or end of data, and reports each refused {@code RCPT TO} as an {@code
   * SMTPAddressFailedException} instead (a nested one names the stage itself), so a reply in it
   * about an unknown or disabled mailbox is the sender's. Cost: a search of the input, made only for
   * such a reply with no stage.
   */
  static boolean javaMailSendFailed(String input, String replyText) {
    // Java prints the class name as declared: a plain search, no case folding.
    return input.contains("SMTPSendFailedException")
        && !input.contains("SMTPAddressFailedException")
        && !replyText.toLowerCase(java.util.Locale.ROOT).contains("recipient");
  }

  /**
   * {@code MAIL FROM} when the reply's codes name the sender's address: the enhanced codes X.1.7
   * (bad sender mailbox syntax) and X.1.8 (bad sender system address), and Courier's basic codes
   * 517 and 417, which it gives to every refusal of the envelope sender. A rule about an unknown
   * mailbox or domain then reads as the sender's. (X.7.27, "sender address has null MX", is left
   * out: Sendmail reports a recipient domain's null MX with it.)
   */
  static Optional<io.github.bouncekit.reply.SmtpStage> senderCodeStage(SmtpReply reply) {
    int basic = reply.code().orElse(0);
    boolean sender = basic == 517 || basic == 417;
    if (!sender && reply.enhancedCode().isPresent()) {
      EnhancedStatusCode e = reply.enhancedCode().get();
      sender = e.subject() == 1 && (e.detail() == 7 || e.detail() == 8);
    }
    // A text that names the recipient ("501 5.1.7 Bad recipient address syntax") overrules the
    // code: the server used a sender code for a recipient.
    return sender && !reply.text().toLowerCase(java.util.Locale.ROOT).contains("recipient")
        ? Optional.of(io.github.bouncekit.reply.SmtpStage.MAIL_FROM)
        : Optional.empty();
  }

  // A reply that reports success (a 2xx code, or only an enhanced code of class 2: "250 2.6.0
  // Message received"): its codes alone say nothing failed, so no code-only row applies to it
  // (only words may still tell of a failure: "250 2.7.0 Ok, discarded ... INFECTED"). A reply
  // without codes reports nothing.
  private static boolean success(SmtpReply reply) {
    return reply.replyClass().filter(c -> c == StatusClass.SUCCESS).isPresent();
  }

  // The index into genericCodeOnly for a reply's basic code (SmtpReply holds codes 200-599 only).
  private static int basicIndex(SmtpReply reply) {
    return reply.code().orElse(NO_CODE);
  }

  // The flag spares reading the constraints (two more objects) for the many rows without any.
  private static boolean codesMatch(Compiled c, SmtpReply reply) {
    return c.anyCode
        || c.basic.matchesBasic(reply.code()) && c.enhanced.matchesEnhanced(reply.enhancedCode());
  }

  // Whether rule r (its tier, the length of its group) ranks before the best so far (-1 for
  // none): the better tier, then the higher priority, the longer group, the earlier row.
  private boolean better(int tier, int r, int len, int bestTier, int bestRule, int bestLen) {
    if (bestRule < 0 || tier != bestTier) {
      return bestRule < 0 || tier < bestTier;
    }
    if (rulePriority[r] != rulePriority[bestRule]) {
      return rulePriority[r] > rulePriority[bestRule];
    }
    if (len != bestLen) {
      return len > bestLen;
    }
    return r < bestRule;
  }

  // The provider: the replying host's name, then signals in the text, then the recipient domain.
  private int detectProvider(Scratch s, SmtpReply reply, Context context, String input) {
    Optional<String> host =
        context.remoteMta().isPresent() ? context.remoteMta() : reply.remoteHost();
    if (host.isPresent()) {
      Optional<Provider> p = directory.byHost(host.get());
      if (p.isPresent()) {
        return providerIndex.get(p.get().id());
      }
    }
    int best = -1;
    for (int h = 0; h < s.hitCount; h++) {
      int ph = s.hits[h];
      int start = s.start(ph);
      if (start > 0 && s.text.charAt(start - 1) == '@') {
        continue; // a domain inside an address names a mailbox, not the replying system
      }
      for (int sig : signalsByPhrase[ph]) {
        if (s.signalStamp[sig] == s.generation) {
          continue;
        }
        s.signalStamp[sig] = s.generation;
        Signal signal = signals[sig];
        if (!all(signal.required(), s) || any(signal.forbidden(), s)) {
          continue;
        }
        int p = signal.provider();
        s.providerScore[p]++;
        if (best < 0
            || s.providerScore[p] > s.providerScore[best]
            || s.providerScore[p] == s.providerScore[best] && p < best) {
          best = p;
        }
      }
    }
    if (best >= 0) {
      return best;
    }
    if (host.isEmpty()) {
      Optional<Provider> p = hostInInput(input);
      if (p.isPresent()) {
        return providerIndex.get(p.get().id());
      }
    }
    Optional<String> domain =
        context.recipientDomain().isPresent()
            ? context.recipientDomain()
            : recipientInText(s.text, reply);
    if (domain.isPresent()) {
      Optional<Provider> p = directory.byDomain(domain.get());
      if (p.isPresent()) {
        return providerIndex.get(p.get().id());
      }
    }
    return -1;
  }

  /**
   * The provider whose host a wrapper the reply parser did not read names ("SMTP error from remote
   * server for RCPT TO command, host: mx01.1and1.es (...)", "via SMTP server 'smtp.yandex.com'"):
   * the provider whose hosts end with the first host name in the input, if any. A host in an
   * address, a file name ("index.php") or the client of a receiving server's own log ("RCPT from
   * mail.example.com[...]", "H=(...)", "helo=", "Helo command [...]", "authenticator failed for
   * ...") is not the replying system and is skipped. Reads at most the first 4 KiB.
   */
  private Optional<Provider> hostInInput(String input) {
    int n = Math.min(input.length(), 4096);
    // A host name holds a dot: the runs of host characters around each dot, in text order (the
    // dots are found with String.indexOf, which is vectorised).
    int i = 0;
    for (int dot = input.indexOf('.'); dot >= 0 && dot < n; dot = input.indexOf('.', i)) {
      int start = dot;
      while (start > i && hostChar(input.charAt(start - 1))) {
        start--;
      }
      i = dot + 1;
      while (i < n && hostChar(input.charAt(i))) {
        i++;
      }
      int end = i;
      while (end > start && (input.charAt(end - 1) == '.' || input.charAt(end - 1) == '-')) {
        end--;
      }
      if (end - start < 4 || !Character.isLetter(input.charAt(end - 1))
          || start > 0 && input.charAt(start - 1) == '@'
          || end < input.length() && input.charAt(end) == '@'
          || clientOfLog(input, start)) {
        continue;
      }
      String token = input.substring(start, end);
      if (token.indexOf('.') > 0 && FactExtractor.isHostName(token) && !fileName(token)) {
        // The first host named is the system that answered; one named later (an Exchange report's
        // "Generating server", the sender's own) is not.
        return directory.byHost(token);
      }
    }
    return Optional.empty();
  }

  private static boolean fileName(String token) {
    String t = token.toLowerCase(java.util.Locale.ROOT);
    for (String ext : FILE_ENDINGS) {
      if (t.endsWith(ext)) {
        return true;
      }
    }
    return false;
  }

  private static final String[] FILE_ENDINGS = {
    ".php", ".html", ".htm", ".asp", ".aspx", ".txt", ".eml", ".java", ".pm", ".py", ".js", ".log",
    ".cf", ".conf", ".cgi", ".jsp", ".exe", ".zip", ".pdf", ".doc", ".xml", ".json"
  };

  private static boolean hostChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.'
        || c == '-';
  }

  // Whether the words just before a host name make it the client of a receiving server's log.
  private static boolean clientOfLog(String input, int start) {
    for (String marker : CLIENT_MARKERS) {
      int at = start - marker.length();
      if (at >= 0 && input.regionMatches(true, at, marker, 0, marker.length())) {
        return true;
      }
    }
    return false;
  }

  private static final String[] CLIENT_MARKERS = {
    "from ", "h=(", "helo=", "helo=<", "h=", "client=", "command [", "failed for "
  };

  // The domain of the first address in the text, when nothing marks it as the sender's: replies
  // to RCPT TO usually quote the recipient ("<x@icloud.com>: user is over quota").
  private static Optional<String> recipientInText(String text, SmtpReply reply) {
    if (reply.stage().filter(st -> st != io.github.bouncekit.reply.SmtpStage.RCPT_TO).isPresent()) {
      return Optional.empty();
    }
    int at = text.indexOf('@');
    if (at <= 0) {
      return Optional.empty();
    }
    String around = text.substring(Math.max(0, at - 48), Math.min(text.length(), at + 80));
    if (around.contains("sender") || around.contains("from")) {
      return Optional.empty();
    }
    int end = at + 1;
    while (end < text.length()) {
      char c = text.charAt(end);
      if (!(Character.isLetterOrDigit(c) || c == '.' || c == '-')) {
        break;
      }
      end++;
    }
    String domain = text.substring(at + 1, end);
    while (domain.endsWith(".")) {
      domain = domain.substring(0, domain.length() - 1);
    }
    return domain.indexOf('.') > 0 ? Optional.of(domain) : Optional.empty();
  }

  // Whether every phrase in ids[from, to) occurs.
  private static boolean all(int[] ids, int from, int to, Scratch s) {
    for (int k = from; k < to; k++) {
      if (!s.has(ids[k])) {
        return false;
      }
    }
    return true;
  }

  // Whether any phrase in ids[from, to) occurs.
  private static boolean any(int[] ids, int from, int to, Scratch s) {
    for (int k = from; k < to; k++) {
      if (s.has(ids[k])) {
        return true;
      }
    }
    return false;
  }

  private static boolean all(int[] phraseIds, Scratch s) {
    return all(phraseIds, 0, phraseIds.length, s);
  }

  private static boolean any(int[] phraseIds, Scratch s) {
    return any(phraseIds, 0, phraseIds.length, s);
  }

  private static Optional<Permanence> fromClass(SmtpReply reply) {
    return reply
        .replyClass()
        .map(
            c ->
                c == StatusClass.PERMANENT_FAILURE
                    ? Permanence.PERMANENT
                    : c == StatusClass.PERSISTENT_TRANSIENT_FAILURE
                        ? Permanence.TRANSIENT
                        : Permanence.UNKNOWN);
  }

  /**
   * The permanence of a cause when the rule does not say: some causes are transient, and a message
   * too large permanent, whatever the code; the others follow the code's class. {@code text} is
   * the reply's normalised (lower-case) text the phrases were found in.
   */
  static Permanence derivePermanence(
      Cause cause, SmtpReply reply, String text, Optional<Action> ruleAction) {
    switch (cause) {
      case MAILBOX_FULL:
      case RATE_LIMITED:
      case GREYLISTED:
      case NETWORK_ERROR:
      case EXPIRED:
        return Permanence.TRANSIENT;
      case MESSAGE_TOO_LARGE:
        return Permanence.PERMANENT; // the same message will not shrink
      case SYSTEM_ERROR:
        // The receiver's own trouble (configuration, disk, a failing back end) may be mended
        // whatever the code says, unless the rule asks for a person (a loop, a bad route) or the
        // receiver calls it permanent ("Permanent error while executing ...").
        if (text.contains("permanent")) {
          return Permanence.PERMANENT;
        }
        if (ruleAction.isEmpty() || ruleAction.get() == Action.RETRY) {
          return Permanence.TRANSIENT;
        }
        break;
      default:
        break;
    }
    return fromClass(reply)
        .filter(p -> p != Permanence.UNKNOWN)
        .orElseGet(() -> fromLogStatus(reply.text()).orElse(cause.defaultPermanence()));
  }

  /**
   * The permanence a quoted MTA log line states when the reply has no code: Postfix writes
   * {@code status=deferred} for a message it will try again and {@code status=bounced} for one it
   * gave up on.
   */
  static Optional<Permanence> fromLogStatus(String text) {
    if (text.contains("status=deferred")) {
      return Optional.of(Permanence.TRANSIENT);
    }
    if (text.contains("status=bounced")) {
      return Optional.of(Permanence.PERMANENT);
    }
    return Optional.empty();
  }

  /** The action for a cause and permanence when the rule does not say. */
  static Action defaultAction(Cause cause, Permanence permanence) {
    boolean permanent = permanence == Permanence.PERMANENT;
    switch (cause) {
      case USER_UNKNOWN:
      case MAILBOX_DISABLED:
      case DOMAIN_INVALID:
        return permanent ? Action.SUPPRESS_RECIPIENT : Action.RETRY;
      case MAILBOX_FULL:
      case RATE_LIMITED:
      case GREYLISTED:
      case NETWORK_ERROR:
      case EXPIRED:
        return Action.RETRY;
      case BLOCKLISTED:
        return permanent ? Action.CONTACT_POSTMASTER : Action.RETRY;
      case LOW_REPUTATION:
        return permanent ? Action.FIX_SENDER : Action.RETRY;
      case RECIPIENT_BLOCKED_SENDER:
      case BLOCKED_UNSPECIFIED:
      case SENDER_ACCOUNT_RESTRICTED:
        return Action.CONTACT_POSTMASTER;
      case SYSTEM_ERROR:
        return permanent ? Action.CONTACT_POSTMASTER : Action.RETRY;
      case UNKNOWN:
        return permanence == Permanence.TRANSIENT ? Action.RETRY : Action.NONE;
      default:
        return Action.FIX_SENDER;
    }
  }

  private static Evidence.Basis basis(int tier) {
    switch (tier) {
      case PROVIDER_PHRASE:
        return Evidence.Basis.PROVIDER_PHRASE;
      case PROVIDER_CODE:
        return Evidence.Basis.PROVIDER_CODE;
      case GENERIC_PHRASE:
        return Evidence.Basis.GENERIC_PHRASE;
      case GENERIC_ENHANCED:
        return Evidence.Basis.ENHANCED_CODE;
      default:
        return Evidence.Basis.BASIC_CODE;
    }
  }

  private static Confidence confidence(int tier) {
    switch (tier) {
      case PROVIDER_PHRASE:
        return Confidence.HIGH;
      case PROVIDER_CODE:
      case GENERIC_PHRASE:
        return Confidence.MEDIUM;
      default:
        return Confidence.LOW;
    }
  }
}
