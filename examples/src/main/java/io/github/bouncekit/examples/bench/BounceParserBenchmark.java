package io.github.bouncekit.examples.bench;

import io.github.bouncekit.bounce.BounceParser;
import io.github.bouncekit.bounce.BounceReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bounce e-mails parsed per second, one thread, with every message of a folder held in memory
 * (read once in the set-up): one operation parses one message, taking the folder's messages in
 * turn.
 *
 * <pre>
 * java -cp examples/target/bouncekit.jar org.openjdk.jmh.Main BounceParserBenchmark \
 *     -p folder=../shared/corpus/set-of-emails
 * </pre>
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BounceParserBenchmark {
  /** The folder whose files are the messages (searched recursively). */
  @Param({"../shared/corpus/set-of-emails"})
  public String folder;

  private byte[][] messages;
  private int next;
  private BounceParser parser;

  @Setup
  public void setUp() {
    parser = BounceParser.defaults();
    List<byte[]> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(Path.of(folder))) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        String name = p.getFileName().toString();
        if (!name.equals("LICENSE") && !name.endsWith(".md")) {
          out.add(Files.readAllBytes(p));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the messages in " + folder, e);
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("no messages in " + folder);
    }
    messages = out.toArray(new byte[0][]);
  }

  /** One message parsed, classified and reported. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public BounceReport parseOne() {
    byte[] m = messages[next];
    next = next + 1 == messages.length ? 0 : next + 1;
    return parser.parse(m);
  }
}
