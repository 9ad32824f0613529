package io.github.bouncekit.internal;

import io.github.bouncekit.reply.SmtpReply;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Work the readers of one bounce message repeat, done once: the message's human-readable text is
 * asked for by each reader, the same diagnostic text is parsed as a reply by several readers and
 * again by the classifier (on the shared corpus, 5.6 parses per message of 2.3 distinct texts),
 * and the message's text is lower-cased by each reader that searches it. The memo lives on the
 * reading thread only while {@link #during} runs, so nothing of a message outlives its reading,
 * and each table is bounded.
 */
public final class MessageMemo {
  private static final ThreadLocal<MessageMemo> CURRENT = new ThreadLocal<>();
  // Bounds: a message has a few distinct replies and texts; past these the memo stops adding.
  private static final int MAX_REPLIES = 64;
  private static final int MAX_LOWERED = 16;

  private final Map<String, SmtpReply> replies = new HashMap<>();
  private final Map<String, String> lowered = new IdentityHashMap<>();
  private MimeReader.Message textOf;
  private String text;

  private MessageMemo() {}

  /**
   * Runs {@code work} with a memo on this thread (the one already there when calls nest).
   *
   * @param work the reading of one message
   * @param <T> its result
   * @return what {@code work} returned
   */
  public static <T> T during(Supplier<T> work) {
    if (CURRENT.get() != null) {
      return work.get();
    }
    CURRENT.set(new MessageMemo());
    try {
      return work.get();
    } finally {
      CURRENT.remove();
    }
  }

  /**
   * The reply {@link ReplyParser#parse(String, int)} makes of {@code input} with the standard
   * cap, parsed once per message.
   *
   * @param input the reply text
   * @return the parsed reply
   */
  public static SmtpReply reply(String input) {
    MessageMemo memo = CURRENT.get();
    if (memo == null) {
      return ReplyParser.parse(input, SmtpReply.MAX_INPUT_LENGTH);
    }
    SmtpReply r = memo.replies.get(input);
    if (r == null) {
      r = ReplyParser.parse(input, SmtpReply.MAX_INPUT_LENGTH);
      if (memo.replies.size() < MAX_REPLIES) {
        memo.replies.put(input, r);
      }
    }
    return r;
  }

  /**
   * The human-readable text of {@code message}, computed once per message.
   *
   * @param message a message (or a part read as one)
   * @param compute how to find its text
   * @return the text
   */
  static String text(MimeReader.Message message, Function<MimeReader.Message, String> compute) {
    MessageMemo memo = CURRENT.get();
    if (memo == null) {
      return compute.apply(message);
    }
    if (memo.textOf != message) {
      memo.text = compute.apply(message);
      memo.textOf = message;
    }
    return memo.text;
  }

  /**
   * {@code text} in lower case, character by character so that an index into the result is an
   * index into the text (String.toLowerCase turns U+0130 into two characters), computed once per
   * message for the same string object.
   *
   * @param text a text of the message
   * @return it in lower case
   */
  static String lower(String text) {
    MessageMemo memo = CURRENT.get();
    if (memo == null) {
      return ReplyParser.lowerSameLength(text);
    }
    String low = memo.lowered.get(text);
    if (low == null) {
      low = ReplyParser.lowerSameLength(text);
      if (memo.lowered.size() < MAX_LOWERED) {
        memo.lowered.put(text, low);
      }
    }
    return low;
  }
}
