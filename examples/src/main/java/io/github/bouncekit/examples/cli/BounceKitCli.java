package io.github.bouncekit.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bouncekit} command: {@code java -jar examples/target/bouncekit.jar --help}. */
@Command(
    name = "bouncekit",
    mixinStandardHelpOptions = true,
    versionProvider = BounceKitCli.Version.class,
    description = "Tells why a mail was rejected and what to do about it.",
    subcommands = {
      DiagnoseCommand.class,
      CheckCommand.class,
      DmarcCommand.class,
      ParseCommand.class,
      SpfCommand.class,
      SpfLintCommand.class,
      DnsblCommand.class,
      DkimCommand.class,
      DkimKeyCommand.class,
      CommandLine.HelpCommand.class
    })
public final class BounceKitCli {

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status (0 on success). */
  public static int run(String... args) {
    return new CommandLine(new BounceKitCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = BounceKitCli.class.getPackage().getImplementationVersion();
      return new String[] {"bouncekit " + (v == null ? "(development build)" : v)};
    }
  }
}
