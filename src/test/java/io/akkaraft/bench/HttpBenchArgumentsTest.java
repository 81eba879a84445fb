package io.akkaraft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Wrong arguments to {@code bench http} end the command before any node starts: exit code 2, one line of
 * error followed by the usage, nothing on stdout and no stack trace.
 */
class HttpBenchArgumentsTest {

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "-0.1", "NaN"})
  @DisplayName("--read-ratio is a share: from 0 to 1")
  void readRatioOutsideZeroToOneIsAUsageError(String ratio) {
    assertUsageError("--read-ratio must be between 0.0 and 1.0", "bench", "http", "--read-ratio", ratio);
  }

  @Test
  @DisplayName("--clients needs at least one load level")
  void emptyClientListIsAUsageError() {
    assertUsageError("--clients must be positive numbers, e.g. 1,16,64", "bench", "http", "--clients", ",");
  }

  @Test
  @DisplayName("--clients counts clients: zero is no load level")
  void zeroClientsIsAUsageError() {
    assertUsageError("--clients must be positive numbers, e.g. 1,16,64", "bench", "http", "--clients", "1,0");
  }

  @Test
  void clientListThatIsNotNumbersIsAUsageError() {
    assertUsageError("Invalid value for option '--clients' (N): '' is not an int", "bench", "http", "--clients=");
  }

  @Test
  void endpointThatIsNotAnHttpAddressIsAUsageError() {
    assertUsageError("Invalid value for option '--endpoints' (URL): 'ftp://127.0.0.1:18081' is not an endpoint "
        + "such as http://127.0.0.1:18081", "bench", "http", "--endpoints", "ftp://127.0.0.1:18081");
  }

  @Test
  void nonPositiveKeysAndNegativeValueSizeAreUsageErrors() {
    assertUsageError("--keys must be at least 1", "bench", "http", "--keys", "0");
    assertUsageError("--value-bytes must not be negative", "bench", "http", "--value-bytes", "-1");
  }

  @Test
  @DisplayName("hanging `http` under `bench` leaves the in-JVM benchmark's own options in force")
  void inJvmBenchStillValidatesItsOwnOptions() {
    assertUsageError("--submitters must be positive numbers, e.g. 1,64", "bench", "--submitters", "0");
  }

  private static void assertUsageError(String expectedFirstLine, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
        .execute(args);
    List<String> errLines = err.toString().lines().toList();
    String report = "exit " + exitCode + "\nout:\n" + out + "\nerr:\n" + err;
    assertEquals(CommandLine.ExitCode.USAGE, exitCode, report);
    assertEquals(expectedFirstLine, errLines.get(0), report);
    assertTrue(errLines.get(1).startsWith("Usage: akka-raft bench"), report);
    assertEquals("", out.toString(), report);
    assertFalse(err.toString().contains("Exception") || err.toString().contains("\tat "), report);
  }
}
