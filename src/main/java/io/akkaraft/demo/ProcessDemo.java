package io.akkaraft.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akkaraft.demo.LocalNodes.Death;
import io.akkaraft.demo.LocalNodes.Node;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code akka-raft demo}: a local three-node cluster, one process per node, running until Ctrl-C. Waits for
 * a leader, prints how to use the cluster, and then watches: if a node dies, the demo stops the others and
 * exits; on Ctrl-C or SIGTERM the cluster's shutdown hook stops them all. {@link LocalNodes} runs the
 * processes; this class narrates.
 */
final class ProcessDemo {
  /** Forming the Akka cluster and electing a leader takes 5-10 s; this leaves room for a slow machine. */
  private static final Duration LEADER_WITHIN = Duration.ofSeconds(60);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalNodes cluster;
  private final boolean defaultPorts;
  private final PrintWriter out;
  private final PrintWriter err;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();

  /** Thrown to end the demo with a one-line error. */
  private static final class Failure extends Exception {
    Failure(String message) {
      super(message, null, false, false);
    }
  }

  /** Three nodes under {@code base} on fixed ports from {@code firstRaftPort} and {@code firstHttpPort}. */
  ProcessDemo(Path base, int firstRaftPort, int firstHttpPort, boolean defaultPorts, PrintWriter out,
      PrintWriter err) throws IOException {
    // the data stays: the next demo on the same directory recovers it
    this.cluster = LocalNodes.in(base).fixedPorts(3, firstRaftPort, firstHttpPort)
        .onShutdown(this::announceStop, this::announceStopped).build();
    this.defaultPorts = defaultPorts;
    this.out = out;
    this.err = err;
  }

  /** Runs until a node dies (exit code 1) or the JVM shuts down; 1 also if the cluster cannot start. */
  int run() {
    Optional<String> busy = cluster.busyPort();
    if (busy.isPresent()) {
      err.println("error: " + busy.get() + " is already in use: is a demo or node still running? "
          + "(other ports: --first-raft-port, --first-http-port)");
      err.flush();
      return 1;
    }
    try {
      start();
      Leader leader = awaitLeader();
      printUsage(leader);
      throw new Failure(exitReport(cluster.awaitDeath(), "exited"));
    } catch (Failure e) {
      if (!stoppedByShutdown()) {
        err.println("error: " + e.getMessage() + "; stopping the other nodes");
        err.flush();
      }
      return 1;
    } finally {
      cluster.close();
    }
  }

  private void start() throws Failure {
    out.printf("akka-raft demo: 3 nodes, each in its own JVM; data and logs in %s%n", cluster.base().toAbsolutePath());
    for (Node node : cluster.nodes()) {
      boolean earlier = Files.isDirectory(node.dataDir());
      try {
        Process process = cluster.start(node);
        out.printf("  started %s (pid %d): HTTP %s, Raft port %d, log %s%s%n", node.id(), process.pid(),
            node.endpoint(), node.raftPort(), node.log(), earlier ? " (recovers its earlier data)" : "");
      } catch (IOException e) {
        throw new Failure(e.getMessage());
      }
    }
    out.println("waiting for a leader... (the nodes start and form an Akka cluster first: 5-20 s)");
    out.flush();
  }

  record Leader(String id, long term, Node node) {}

  /** Polls every node's /status until all name the same leader, which says it leads. */
  private Leader awaitLeader() throws Failure {
    long deadline = System.nanoTime() + LEADER_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Death> exited = cluster.death();
      if (exited.isPresent()) throw new Failure(exitReport(exited.get(), "exited while starting"));
      List<JsonNode> statuses = new ArrayList<>();
      for (Node node : cluster.nodes()) status(node).ifPresent(statuses::add);
      Optional<Leader> leader = agreedLeader(statuses);
      if (leader.isPresent()) return leader.get();
      pause();
    }
    throw new Failure("no leader within " + LEADER_WITHIN.toSeconds() + " s; see the logs");
  }

  private Optional<Leader> agreedLeader(List<JsonNode> statuses) {
    if (statuses.size() < cluster.nodes().size()) return Optional.empty();
    String leader = statuses.get(0).path("leader").asText(null);
    if (leader == null || !statuses.stream().allMatch(s -> leader.equals(s.path("leader").asText(null)))) {
      return Optional.empty();
    }
    return statuses.stream()
        .filter(s -> leader.equals(s.path("id").asText()) && "leader".equals(s.path("role").asText()))
        .findFirst()
        .map(s -> new Leader(leader, s.path("term").asLong(), cluster.node(leader)));
  }

  private Optional<JsonNode> status(Node node) {
    try {
      var response = http.send(HttpRequest.newBuilder(URI.create(node.endpoint() + "/status"))
          .timeout(Duration.ofSeconds(5)).build(), BodyHandlers.ofByteArray());
      return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private void printUsage(Leader leader) {
    List<Node> nodes = cluster.nodes();
    String self = selfCommand();
    String endpoints = defaultPorts ? ""
        : " --endpoints " + nodes.stream().map(n -> n.endpoint().toString()).collect(Collectors.joining(","));
    String first = nodes.get(0).endpoint().toString();
    String second = nodes.get(1).endpoint().toString();
    out.printf("%nleader: %s (term %d, pid %d)%n", leader.id(), leader.term(), cluster.process(leader.node()).pid());
    out.println("HTTP endpoints (any node accepts any request):");
    for (Node node : nodes) out.printf("  %s  %s%n", node.id(), node.endpoint());
    out.println();
    out.println("try:");
    out.printf("  curl -X PUT --data-binary 'hello' %s/kv/greeting%n", first);
    out.printf("  curl %s/kv/greeting%n", second);
    out.printf("  curl -X PUT --data-binary 'world' '%s/kv/greeting?prevValue=hello'%n", first);
    out.printf("  curl -X DELETE %s/kv/greeting%n", second);
    out.printf("  curl %s/status%n", first);
    out.printf("  %s kv put greeting hello%s%n", self, endpoints);
    out.printf("  %s kv get greeting%s%n", self, endpoints);
    out.printf("  %s kv cas greeting hello world%s%n", self, endpoints);
    out.printf("  %s status%s%n", self, endpoints);
    out.printf("%nPress Ctrl-C to stop the cluster; if a node exits, the demo stops the others. "
        + "The next demo with --data-dir %s recovers this data.%n", cluster.base());
    out.flush();
  }

  /** How to run this program again: {@code java -jar <jar>} when started from one jar. */
  private static String selfCommand() {
    String classPath = System.getProperty("java.class.path");
    if (!classPath.contains(File.pathSeparator) && classPath.endsWith(".jar")) return "java -jar " + classPath;
    return "java -cp <class path> io.akkaraft.cli.Main";
  }

  private static String exitReport(Death death, String what) {
    String report = death.describe(what) + "; see " + death.node().log();
    return death.lastLogLine().isEmpty() ? report : report + " (last line: " + death.lastLogLine() + ")";
  }

  /**
   * On Ctrl-C a terminal signals the nodes too (same process group), and one may exit before this JVM's
   * shutdown hook has begun: a short wait tells that apart from a node that died on its own.
   */
  private boolean stoppedByShutdown() {
    if (cluster.stopping()) return true;
    pause();
    return cluster.stopping();
  }

  private void announceStop() {
    out.println();
    out.println("stopping the nodes...");
    out.flush();
  }

  private void announceStopped() {
    out.println("all nodes stopped");
    out.flush();
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_INTERVAL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
