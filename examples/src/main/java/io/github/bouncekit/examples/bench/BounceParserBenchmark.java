package io.github.bouncekit.examples.bench;

import io.github.bouncekit.bounce.BounceParser;
import io.github.bouncekit.bounce.BounceReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Bounce e-mails parsed per second, one thread, with every message of a folder held in memory
 * (read once in the set-up): one operation parses one message, taking the folder's messages in
 * turn.
 *
 * <pre>
 * java -cp examples/target/bouncekit.jar org.openjdk.jmh.Main BounceParserBenchmark \
 *     -p folder=../shared/corpus/set-of-emails
 * </pre>
 *
 * <p>{@code mime4jTokens} and {@code mime4jDecodedParts} measure Apache Mime4j alone over the
 * same messages, with the configuration the parser uses: the first walks the MIME structure and
 * every header field without reading any body, the second also reads every part's decoded body (as
 * the parser must for its text parts). They are the floor a parser built on Mime4j cannot go
 * below.
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

  // The parser's configuration of Mime4j.
  private static final MimeConfig MIME_CONFIG =
      MimeConfig.copy(MimeConfig.PERMISSIVE)
          .setMaxContentLen(-1)
          .setMalformedHeaderStartsBody(true)
          .build();

  private final byte[] buffer = new byte[8192];

  private byte[] nextMessage() {
    byte[] m = messages[next];
    next = next + 1 == messages.length ? 0 : next + 1;
    return m;
  }

  private void walk(byte[] message, boolean bodies, Blackhole bh) throws IOException {
    MimeTokenStream stream = new MimeTokenStream(MIME_CONFIG, DecodeMonitor.SILENT, null);
    stream.setRecursionMode(RecursionMode.M_NO_RECURSE);
    stream.parse(new ByteArrayInputStream(message));
    try {
      for (EntityState state = stream.getState();
          state != EntityState.T_END_OF_STREAM;
          state = stream.next()) {
        if (state == EntityState.T_FIELD) {
          bh.consume(stream.getField().getName());
        } else if (state == EntityState.T_BODY && bodies) {
          InputStream in = stream.getDecodedInputStream();
          int n;
          while ((n = in.read(buffer)) > 0) {
            bh.consume(n);
          }
        }
      }
    } catch (MimeException e) {
      bh.consume(e); // a damaged message: what came before was read, as the parser does
    }
  }

  /** Mime4j alone: the structure and header fields of one message, no body read. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public void mime4jTokens(Blackhole bh) throws IOException {
    walk(nextMessage(), false, bh);
  }

  /** Mime4j alone: the structure, header fields and every part's decoded body of one message. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public void mime4jDecodedParts(Blackhole bh) throws IOException {
    walk(nextMessage(), true, bh);
  }

  /** One message parsed, classified and reported. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public BounceReport parseOne() {
    return parser.parse(nextMessage());
  }
}
