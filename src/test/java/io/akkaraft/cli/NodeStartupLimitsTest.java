package io.akkaraft.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code node} refuses limits that disagree before it starts anything: one line, exit 1, no stack trace. */
class NodeStartupLimitsTest {
  @Test
  @DisplayName("node with a --max-value-bytes beyond max-command-bytes prints one line naming both and exits 1")
  void valueLimitBeyondMaxCommandBytesStopsTheNode() throws IOException {
    Path dir = Files.createTempDirectory("node-limits");
    String raftPort = String.valueOf(freePort());
    CliRun run = CliRun.of("node", "--id", "n1", "--raft-port", raftPort, "--http-port", String.valueOf(freePort()),
        "--members", "n1=127.0.0.1:" + raftPort, "--data-dir", dir.toString(), "--max-value-bytes", "3145728");
    run.assertFailure(1, "node n1 cannot start: --max-value-bytes = 3 MiB does not fit akka-raft.max-command-bytes "
        + "= 2 MiB (a write's command holds up to 4 KiB more: key, expected value, session; set --max-value-bytes "
        + "to at most 2093056 or raise akka-raft.max-command-bytes)");
  }

  /** A port nothing listens on, in case the check ever lets the node start. */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
