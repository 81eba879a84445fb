package io.akkaraft.cli;

import io.akkaraft.bench.BenchCommand;
import io.akkaraft.demo.DemoCommand;
import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The executable jar's command line: {@code java -jar target/akka-raft.jar <command> [options]}.
 *
 * <p>Each command is a picocli class implementing {@code Callable<Integer>} (its exit code); adding one
 * means listing it in {@code subcommands} below. Wrong arguments print a one-line error and the usage,
 * exit code 2; a command that fails prints a one-line error, exit code 1. Users never see stack traces.
 */
@Command(
    name = "akka-raft",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Raft consensus as an Akka Typed component.",
    subcommands = {NodeCommand.class, KvCommand.class, StatusCommand.class, DemoCommand.class, BenchCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    // Initialize logging before Akka's threads race to do it (SLF4J would then warn about replayed calls).
    LoggerFactory.getILoggerFactory();
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, without running it: for tests of argument handling. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler(Main::reportFailure);
  }

  /** No command given: that is a usage error. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command: choose one of "
        + String.join(", ", spec.subcommands().keySet()));
  }

  private static int reportFailure(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    err.println(commandLine.getColorScheme().errorText(commandLine.getCommandName() + ": " + message));
    err.flush();
    return CommandLine.ExitCode.SOFTWARE;
  }

  /** The version of the jar, from its manifest when packaged. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"akka-raft " + (version == null ? "(development build)" : version)};
    }
  }
}
