package io.akkaraft.cli;

import io.akkaraft.server.DataDirectory;
import io.akkaraft.server.NodeConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How `node` refuses to start: exit code 1 and one line naming what is wrong, before it binds anything. */
class NodeCommandTest {
  @TempDir Path temp;

  @Test
  // A node let through runs until stopped; fail instead of hanging the build.
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @DisplayName("A node whose marked data directory lost its journal refuses to start in one line")
  void nodeWithLostJournalRefusesToStartInOneLine() throws Exception {
    Path dir = temp.resolve("n1");
    Path journal = DataDirectory.open(dir, NodeConfig.GROUP, "n1").journal();
    try (Stream<Path> paths = Files.walk(journal)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
    // Free ports, not fixed ones, in case a node is let through and binds them.
    int raftPort = freePort();
    CliRun run = CliRun.of("node", "--id", "n1", "--raft-port", "" + raftPort, "--http-port", "" + freePort(),
        "--members", "n1=127.0.0.1:" + raftPort, "--data-dir", dir.toString());
    run.assertFailure(1, "node n1 cannot start: data directory " + dir + " belongs to this node but its journal "
        + journal + " is missing: restore it from a backup, or delete " + dir + " to start this node empty (only"
        + " while the other nodes have a leader: it forgets its votes)");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
