package io.akkaraft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Wrong arguments: exit code 2, a one-line error followed by the usage, no stack trace, no request sent. */
class CliArgumentsTest {

  static Stream<Arguments> wrongArguments() {
    return Stream.of(
        Arguments.of(List.of("frobnicate"), "Unmatched argument at index 0: 'frobnicate'"),
        Arguments.of(List.of("kv"), "Missing command: choose one of get, put, delete, cas"),
        Arguments.of(List.of("kv", "frob", "k"), "Unmatched arguments from index 1: 'frob', 'k'"),
        Arguments.of(List.of("kv", "get"), "Missing required parameter: 'KEY'"),
        Arguments.of(List.of("kv", "get", "k", "extra"), "Unmatched argument at index 3: 'extra'"),
        Arguments.of(List.of("kv", "put", "k"), "Missing required parameter: 'VALUE'"),
        Arguments.of(List.of("kv", "cas", "k", "old"), "Missing required parameter: 'NEW'"),
        Arguments.of(List.of("kv", "delete"), "Missing required parameter: 'KEY'"),
        Arguments.of(List.of("kv", "get", "k", "--endpoints", "ftp://x"),
            "Invalid value for option '--endpoints' (URL): 'ftp://x' is not an endpoint such as "
                + "http://127.0.0.1:18081"),
        Arguments.of(List.of("status", "--endpoints", "http://h:1/path"),
            "Invalid value for option '--endpoints' (URL): 'http://h:1/path' is not an endpoint such as "
                + "http://127.0.0.1:18081"),
        Arguments.of(List.of("demo", "--first-http-port", "70000"), "port 70000 is out of range"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrongArguments")
  @DisplayName("A usage error is one line, then the usage; exit code 2")
  void wrongArgumentsAreOneLineAndExitTwo(List<String> args, String error) {
    CliRun run = CliRun.of(args.toArray(String[]::new));
    run.assertUsageError(error);
    String next = run.err().get(1);
    assertTrue(next.startsWith("Usage: ") || next.startsWith("Did you mean: "), run::toString);
  }

  @Test
  @DisplayName("--endpoints defaults to the demo's three nodes (application.conf, unless RAFT_ENDPOINTS is set)")
  void endpointsDefaultToTheLocalDemoCluster() {
    assumeTrue(System.getenv("RAFT_ENDPOINTS") == null, "RAFT_ENDPOINTS overrides the default");
    CommandLine.ParseResult parsed = Main.commandLine().parseArgs("kv", "get", "k");
    KvCommand.Get get = (KvCommand.Get) parsed.subcommand().subcommand().commandSpec().userObject();
    assertEquals(List.of(URI.create("http://127.0.0.1:18081"), URI.create("http://127.0.0.1:18082"),
        URI.create("http://127.0.0.1:18083")), get.endpoints.list());
  }

  @Test
  @DisplayName("An endpoint given with a trailing slash is used without it")
  void endpointTrailingSlashIsDropped() {
    assertEquals(URI.create("http://127.0.0.1:18081"), new Endpoints.Converter().convert("http://127.0.0.1:18081/"));
  }

  @Test
  @DisplayName("node --test-admin is off unless given (application.conf: test-admin = off, env RAFT_TEST_ADMIN)")
  void testAdminIsOffByDefault() {
    assumeTrue(System.getenv("RAFT_TEST_ADMIN") == null, "RAFT_TEST_ADMIN overrides the default");
    String[] node = {"node", "--id", "n1", "--raft-port", "25521", "--http-port", "18081", "--members", "n1=h:25521"};
    NodeCommand plain = (NodeCommand) Main.commandLine().parseArgs(node).subcommand().commandSpec().userObject();
    assertEquals(false, plain.testAdmin);
    String[] withAdmin = Stream.concat(Stream.of(node), Stream.of("--test-admin")).toArray(String[]::new);
    NodeCommand enabled = (NodeCommand) Main.commandLine().parseArgs(withAdmin).subcommand().commandSpec().userObject();
    assertEquals(true, enabled.testAdmin);
  }
}
