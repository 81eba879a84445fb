package io.akkaraft.bench;

import io.akkaraft.demo.NodeProcesses;
import io.akkaraft.demo.NodeProcesses.Node;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Three {@code akka-raft node} processes on this machine, started as {@code demo} starts them (same jar, same
 * configuration: LevelDB with fsync on), on free ports, with their data and logs in a temporary directory.
 * {@link #close} stops them and deletes the directory; a shutdown hook does the same on Ctrl-C.
 */
final class LocalCluster implements AutoCloseable {
  private static final int NODES = 3;

  private final Path base;
  private final List<Node> nodes;
  private final NodeProcesses processes;
  private final Thread hook = new Thread(this::closeOnShutdown, "bench-http-shutdown");
  private boolean closed;

  private LocalCluster(Path base, List<Node> nodes) {
    this.base = base;
    this.nodes = List.copyOf(nodes);
    this.processes = new NodeProcesses(nodes);
  }

  /** Starts the nodes; they still have to form a cluster and elect a leader. */
  static LocalCluster start(PrintWriter out) throws IOException, BenchFailure {
    Path base = Files.createTempDirectory("akka-raft-bench-http");
    int[] ports = freePorts(2 * NODES);
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      String id = "n" + (i + 1);
      nodes.add(new Node(id, ports[i], ports[NODES + i], base.resolve(id), base.resolve(id + ".log")));
    }
    LocalCluster cluster = new LocalCluster(base, nodes);
    Runtime.getRuntime().addShutdownHook(cluster.hook);
    for (Node node : nodes) {
      try {
        Process process = cluster.processes.start(node);
        out.printf("  started %s (pid %d): HTTP %s, Raft port %d%n", node.id(), process.pid(), node.endpoint(),
            node.raftPort());
      } catch (IOException e) {
        cluster.close();
        throw new BenchFailure("cannot start node " + node.id() + ": " + e.getMessage());
      }
    }
    return cluster;
  }

  Path base() {
    return base;
  }

  List<URI> endpoints() {
    return nodes.stream().map(Node::endpoint).toList();
  }

  /** Why the cluster is broken, if a node has exited: its exit code and the last line of its log. */
  Optional<String> death() {
    return processes.exited().map(node -> {
      Process process = processes.process(node);
      String last = lastLine(node.log());
      return "node " + node.id() + " (pid " + process.pid() + ") exited with code " + process.exitValue()
          + (last.isEmpty() ? "" : " (last line of its log: " + last + ")");
    });
  }

  /** Stops every node (SIGTERM, then SIGKILL after a grace period) and deletes the data; once. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    processes.stopAll();
    try {
      deleteRecursively(base);
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not delete " + base + ": " + e.getMessage());
    }
    if (Thread.currentThread() != hook) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook runs and finds nothing left to do
      }
    }
  }

  private void closeOnShutdown() {
    System.err.println("stopping the nodes and deleting " + base);
    close();
  }

  /** Ports that nothing listens on right now; a node may still lose one to a race, and then fails to start. */
  private static int[] freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket();
        sockets.add(socket);
        socket.bind(new InetSocketAddress(NodeProcesses.HOST, 0));
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket socket : sockets) socket.close();
    }
  }

  private static String lastLine(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) if (!lines.get(i).isBlank()) return lines.get(i).strip();
    } catch (IOException | UncheckedIOException e) {
      // the report still gives the exit code
    }
    return "";
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
