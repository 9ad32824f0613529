package io.github.bouncekit.examples.bench;

import io.github.bouncekit.BounceClassifier;
import io.github.bouncekit.Diagnosis;
import io.github.bouncekit.reply.SmtpReply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of {@link BounceClassifier#diagnose(String)} over the 251 development-set replies,
 * and the cost per byte of adversarial inputs (long runs of near-matching phrases).
 *
 * <pre>
 * java -cp examples/target/bouncekit.jar org.openjdk.jmh.Main ClassifierBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ClassifierBenchmark {
  static final String[] DEV_SET = loadDevSet();

  private BounceClassifier classifier;

  @Setup
  public void setUp() {
    classifier = BounceClassifier.defaults();
  }

  static String[] loadDevSet() {
    List<String> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                ClassifierBenchmark.class.getResourceAsStream("replies.txt"),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        out.add(line.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\"));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toArray(new String[0]);
  }

  /** Replies per second, one thread (the score is per reply). */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(251)
  public void diagnoseDevSet(Blackhole bh) {
    for (String reply : DEV_SET) {
      bh.consume(classifier.diagnose(reply));
    }
  }

  /** Replies per second for the reply parser alone. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(251)
  public void parseDevSet(Blackhole bh) {
    for (String reply : DEV_SET) {
      bh.consume(SmtpReply.parse(reply));
    }
  }

  /** Adversarial inputs of a given size: near-matches of many rule phrases, repeated. */
  @State(Scope.Benchmark)
  public static class Adversarial {
    @Param({"1024", "65536", "1048576"})
    public int bytes;

    String input;

    @Setup
    public void setUp() {
      String[] near = {
        "user unknow ", "mailbox ful ", "blacklis ", "spamhau ", "quot ", "550-5.7.",
        "[tss0 ", "resolver.adr.recip ", "gsmt ", "not accepted due to domain's dmar ",
        "account that you tried to reach does not exis ", "@", "(#5.1.", "said: host ",
      };
      StringBuilder b = new StringBuilder("550-5.7.1 ");
      int i = 0;
      while (b.length() < bytes) {
        b.append(near[i++ % near.length]);
      }
      input = b.substring(0, bytes);
    }
  }

  /**
   * Adversarial inputs for the reply parser's wrapper readers: the marks they look for ("smtp;",
   * "said:", "server responded:", "SMTP Error (", "#5.1.1", "permanent error (", HTML entities
   * and tags, PEAR's "(code: ", Sendmail's " reject=" ...), repeated without the rest of their
   * form, so that every reader finds a start again and again.
   */
  @State(Scope.Benchmark)
  public static class WrapperMarks {
    @Param({"1024", "65536"})
    public int bytes;

    String input;

    @Setup
    public void setUp() {
      String[] marks = {
        "smtp;", "host mx said: ", "server responded: ", "SMTP Error (5", "<mx #5.1.1 smtp;",
        "&lt;", " 4", "x:4", "Remote Server returned '", "remote host said: ", "RCPT TO:<",
        "Message expired: unable to deliver in 1 minutes.<", "\n ", "reason: ", "(#5.",
        "permanent error (5", "Code { severity: PermanentNegativeCompletion, category: ",
        "<[192.0.2.1] #5.0.0 smtp; 5.3.0 - ", "[SMTP: (code: -1, response: ", " reject=5.",
        "dsn=5.1.1, stat=", "<span class=x", "<a href=\"x", "&#x2", "<b ", "<b>x</",
      };
      StringBuilder b = new StringBuilder();
      int i = 0;
      while (b.length() < bytes) {
        b.append(marks[i++ % marks.length]);
      }
      input = b.substring(0, bytes);
    }
  }

  /** Time for one input of wrapper marks through the reply parser alone. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public SmtpReply parseWrapperMarks(WrapperMarks w) {
    return SmtpReply.parse(w.input);
  }

  /** Time for one adversarial input; divide by the size for nanoseconds per byte. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Diagnosis diagnoseAdversarial(Adversarial a) {
    return classifier.diagnose(a.input);
  }
}
