package io.akkaraft.demo;

import io.akkaraft.cli.Main;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The nodes of a local cluster, each a child JVM running {@code akka-raft node} (by default with this JVM's
 * class path and the node JVM flags of {@link NodeJvmOptions}), its output appended to the node's log file.
 * {@link #stopAll} stops every child it started, once, whoever calls it first (a shutdown hook or the demo
 * after a child died). Public for {@code bench http}, which starts its cluster the same way, and for the
 * multi-JVM tests, which launch the executable jar with flags of their own.
 */
public final class NodeProcesses {
  public static final String HOST = "127.0.0.1";
  /** How long a node may take to shut down on SIGTERM (Akka's coordinated shutdown) before it is killed. */
  private static final Duration GRACE = Duration.ofSeconds(5);

  /** One node's identity, ports and files. */
  public record Node(String id, int raftPort, int httpPort, Path dataDir, Path log) {
    public URI endpoint() {
      return URI.create("http://" + HOST + ":" + httpPort);
    }
  }

  private final List<Node> nodes;
  private final List<String> launcher;
  private final List<String> extraArgs;
  private final Map<Node, Process> started = new LinkedHashMap<>();
  private volatile boolean stopping;

  /** Nodes launched with this JVM's class path. */
  public NodeProcesses(List<Node> nodes) {
    this(nodes, classPathLauncher(), List.of());
  }

  /**
   * @param launcher the command that runs {@link Main}, up to its arguments (see {@link #jarLauncher})
   * @param extraArgs options appended to every node's own
   */
  public NodeProcesses(List<Node> nodes, List<String> launcher, List<String> extraArgs) {
    this.nodes = List.copyOf(nodes);
    this.launcher = List.copyOf(launcher);
    this.extraArgs = List.copyOf(extraArgs);
  }

  /** {@code java <the node JVM flags> -cp <this JVM's class path> io.akkaraft.cli.Main}. */
  public static List<String> classPathLauncher() {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(NodeJvmOptions.forNodeProcess()); // the same flags as bin/akka-raft-node
    command.addAll(List.of("-cp", absoluteClassPath(), Main.class.getName()));
    return command;
  }

  /** {@code java <jvmOptions> -jar <jar>}, the way users run a node. */
  public static List<String> jarLauncher(Path jar, List<String> jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    return command;
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** {@code count} nodes n1, n2, ... on consecutive ports, data in {@code base/nX}, logs in {@code base/nX.log}. */
  static List<Node> layout(Path base, int count, int firstRaftPort, int firstHttpPort) {
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = "n" + (i + 1);
      nodes.add(new Node(id, firstRaftPort + i, firstHttpPort + i, base.resolve(id), base.resolve(id + ".log")));
    }
    return nodes;
  }

  List<Node> nodes() {
    return nodes;
  }

  /** A description of the first port something already listens on, if any. */
  Optional<String> busyPort() {
    for (Node node : nodes) {
      if (inUse(node.raftPort())) return Optional.of("port " + node.raftPort() + " (Raft port of " + node.id() + ")");
      if (inUse(node.httpPort())) return Optional.of("port " + node.httpPort() + " (HTTP port of " + node.id() + ")");
    }
    return Optional.empty();
  }

  private static boolean inUse(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(HOST, port));
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /** Starts {@code node}'s process; refused once stopping has begun, so none outlives {@link #stopAll}. */
  public synchronized Process start(Node node) throws IOException {
    if (stopping) throw new IOException("the cluster is stopping");
    Files.createDirectories(node.log().getParent());
    ProcessBuilder builder = new ProcessBuilder(command(node))
        .redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(node.log().toFile()));
    // The command line says everything; settings meant for another node must not leak in.
    builder.environment().keySet().removeIf(name -> name.startsWith("RAFT_"));
    Process process = builder.start();
    started.put(node, process);
    return process;
  }

  private List<String> command(Node node) {
    String members = nodes.stream().map(n -> n.id() + "=" + HOST + ":" + n.raftPort()).collect(Collectors.joining(","));
    List<String> command = new ArrayList<>(launcher);
    command.addAll(List.of("node",
        "--id", node.id(), "--host", HOST, "--raft-port", String.valueOf(node.raftPort()),
        "--http-port", String.valueOf(node.httpPort()), "--members", members,
        "--data-dir", node.dataDir().toString()));
    command.addAll(extraArgs);
    return command;
  }

  /** This JVM's class path, entries made absolute so a child finds them whatever its directory. */
  private static String absoluteClassPath() {
    return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  boolean stopping() {
    return stopping;
  }

  /** Blocks until some started process exits; returns its node. */
  Node awaitAnyExit() {
    Map<Node, Process> snapshot;
    synchronized (this) {
      snapshot = new LinkedHashMap<>(started);
    }
    CompletableFuture.anyOf(snapshot.values().stream().map(Process::onExit).toArray(CompletableFuture[]::new)).join();
    return snapshot.entrySet().stream().filter(e -> !e.getValue().isAlive()).findFirst().orElseThrow().getKey();
  }

  /** A node whose process has exited, if any. */
  public synchronized Optional<Node> exited() {
    return started.entrySet().stream().filter(e -> !e.getValue().isAlive()).map(Map.Entry::getKey).findFirst();
  }

  public synchronized Process process(Node node) {
    return started.get(node);
  }

  /**
   * Stops every started process: SIGTERM to all, then SIGKILL to those still running after {@link #GRACE}.
   * Later callers wait for the first one to finish.
   */
  public synchronized void stopAll() {
    stopping = true;
    List<Process> running = started.values().stream().filter(Process::isAlive).toList();
    running.forEach(Process::destroy);
    long deadline = System.nanoTime() + GRACE.toNanos();
    for (Process process : running) awaitExit(process, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    List<Process> stuck = running.stream().filter(Process::isAlive).toList();
    stuck.forEach(Process::destroyForcibly);
    for (Process process : stuck) awaitExit(process, GRACE);
  }

  /** SIGKILL to {@code node}'s process (a crash: nothing is flushed), and waits until it is gone. */
  public void kill(Node node) {
    Process process = process(node);
    if (process == null) return;
    process.destroyForcibly();
    awaitExit(process, GRACE);
  }

  /** SIGKILL to every started process; none is started after this. */
  public void killAll() {
    List<Process> running;
    synchronized (this) {
      stopping = true;
      running = started.values().stream().filter(Process::isAlive).toList();
    }
    running.forEach(Process::destroyForcibly);
    for (Process process : running) awaitExit(process, GRACE);
  }

  private static boolean awaitExit(Process process, Duration within) {
    try {
      process.onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
