package io.akkaraft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** One run of the command line with its output captured: exit code, stdout and stderr lines. */
record CliRun(int exitCode, List<String> out, List<String> err) {

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new CliRun(exitCode, out.toString().lines().toList(), err.toString().lines().toList());
  }

  /** Asserts a failure reported as exactly one stderr line, {@code expected}, and nothing on stdout. */
  void assertFailure(int expectedExitCode, String expected) {
    assertEquals(expectedExitCode, exitCode, this::toString);
    assertEquals(List.of(expected), err, this::toString);
    assertEquals(List.of(), out, this::toString);
  }

  /** Asserts success with exactly these stdout lines and nothing on stderr. */
  void assertSuccess(String... expectedOut) {
    assertEquals(0, exitCode, this::toString);
    assertEquals(List.of(expectedOut), out, this::toString);
    assertEquals(List.of(), err, this::toString);
  }

  /** Asserts the stderr of a usage error: one line of error, then only the usage, and no stack trace. */
  void assertUsageError(String expectedFirstLine) {
    assertEquals(CommandLine.ExitCode.USAGE, exitCode, this::toString);
    assertEquals(expectedFirstLine, err.get(0), this::toString);
    assertEquals(List.of(), out, this::toString);
    String rest = String.join("\n", err.subList(1, err.size()));
    assertFalse(rest.contains("Exception") || rest.contains("\tat "), this::toString);
  }
}
