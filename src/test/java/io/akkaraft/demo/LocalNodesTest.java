package io.akkaraft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.demo.LocalNodes.Cleanup;
import io.akkaraft.demo.LocalNodes.Death;
import io.akkaraft.demo.LocalNodes.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness without a real node: layout, the members string, and a "node" that is a shell exiting at once. */
class LocalNodesTest {
  @TempDir Path tmp;

  @Test
  void fixedPortsAreConsecutiveAndEveryNodeHasItsDirectoryAndLogUnderTheBase() throws IOException {
    LocalNodes cluster = LocalNodes.in(tmp).fixedPorts(3, 25521, 18081).build();
    assertEquals(List.of(
        new Node("n1", 25521, 18081, tmp.resolve("n1"), tmp.resolve("n1.log")),
        new Node("n2", 25522, 18082, tmp.resolve("n2"), tmp.resolve("n2.log")),
        new Node("n3", 25523, 18083, tmp.resolve("n3"), tmp.resolve("n3.log"))), cluster.nodes());
    assertEquals("n1=127.0.0.1:25521,n2=127.0.0.1:25522,n3=127.0.0.1:25523", cluster.members());
  }

  @Test
  void freePortsAreAllDifferent() throws IOException {
    LocalNodes cluster = LocalNodes.in(tmp).freePorts(3).build();
    Set<Integer> ports = new HashSet<>();
    for (Node node : cluster.nodes()) {
      ports.add(node.raftPort());
      ports.add(node.httpPort());
    }
    assertEquals(6, ports.size());
  }

  @Test
  void deathNamesTheNodeItsExitCodeAndTheLastLineOfItsLog() throws IOException {
    // `sh -c SCRIPT sh node --id n1 ...`: the node's arguments become the script's, which ignores them
    List<String> dying = List.of("sh", "-c", "echo starting; echo last words; echo; exit 3", "sh");
    try (LocalNodes cluster = LocalNodes.in(tmp).freePorts(1).launcher(dying).build()) {
      cluster.start(cluster.node("n1"));
      Death death = cluster.awaitDeath();
      assertEquals("n1", death.node().id());
      assertEquals(3, death.exitCode());
      assertEquals("last words", death.lastLogLine());
      assertEquals("node n1 (pid " + death.pid() + ") exited with code 3", death.describe("exited"));
      assertEquals(death, cluster.death().orElseThrow());
    }
  }

  @Test
  void closeDeletesTheDataDirectoriesButKeepsTheLogsWhenAskedTo() throws IOException {
    List<String> sleeping = List.of("sh", "-c", "exec sleep 60", "sh");
    LocalNodes cluster = LocalNodes.in(tmp).freePorts(2).launcher(sleeping).deleteOnClose(Cleanup.DATA_DIRS).build();
    for (Node node : cluster.nodes()) {
      Files.writeString(Files.createDirectories(node.dataDir()).resolve("journal"), "entries");
      cluster.start(node);
    }
    cluster.close();
    for (Node node : cluster.nodes()) {
      assertFalse(cluster.alive(node), node.id() + " still runs");
      assertFalse(Files.exists(node.dataDir()), node.dataDir() + " still exists");
      assertTrue(Files.exists(node.log()), node.log() + " is gone");
    }
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(Set.of("n1.log", "n2.log"), left.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
    }
  }
}
