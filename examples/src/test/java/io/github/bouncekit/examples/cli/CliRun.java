package io.github.bouncekit.examples.cli;

import io.github.bouncekit.dns.testserver.LoopbackDnsServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code bouncekit} in-process for the CLI tests and captures what it prints. */
final class CliRun {
  private CliRun() {}

  /**
   * Runs the command line.
   *
   * @return the exit code (as text), standard output and standard error
   */
  static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new BounceKitCli());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  /** The {@code --resolver} value for a test server: {@code 127.0.0.1:port}. */
  static String resolver(LoopbackDnsServer server) {
    return "127.0.0.1:" + server.address().getPort();
  }
}
