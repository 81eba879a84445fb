package io.akkaraft.demo;

import io.akkaraft.cli.Main;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
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
 * A cluster of {@code akka-raft node} processes on this machine, one JVM per node, bound to 127.0.0.1: the one
 * harness behind {@code demo}, {@code bench http} and the multi-JVM tests ({@link LocalGroup} is its in-JVM
 * counterpart). Nodes n1..nN have their data in {@code base/nX} and their output appended to {@code base/nX.log}.
 *
 * <p>Built with {@link #in}: fixed ports (the demo's documented ones) or free ones, the launcher (this JVM's class
 * path or the executable jar, with JVM flags), options added to every node's, how {@link #close} ends the nodes
 * and what it deletes. The first {@link #start} registers a JVM shutdown hook that closes the cluster, so that no
 * node outlives this JVM on Ctrl-C; {@link #close} removes it. {@link #death} says which node exited and why.
 */
public final class LocalNodes implements AutoCloseable {
  public static final String HOST = "127.0.0.1";
  /** How long a node may take to shut down on SIGTERM (Akka's coordinated shutdown) before it is killed. */
  private static final Duration GRACE = Duration.ofSeconds(5);

  /** One node's identity, ports and files. */
  public record Node(String id, int raftPort, int httpPort, Path dataDir, Path log) {
    public URI endpoint() {
      return URI.create("http://" + HOST + ":" + httpPort);
    }
  }

  /** How {@link #close} ends the nodes. */
  public enum Stop {
    /** SIGTERM (Akka's coordinated shutdown), then SIGKILL to those still running after a grace period. */
    TERMINATE,
    /** SIGKILL at once: nothing is flushed, as in a crash. */
    KILL
  }

  /** What {@link #close} deletes once the nodes are gone. */
  public enum Cleanup {
    /** Nothing: a later cluster on the same base directory recovers the data. */
    NOTHING,
    /** Every node's data directory; the logs stay. */
    DATA_DIRS,
    /** The whole base directory, logs included. */
    BASE_DIR
  }

  /** A node that exited: its process id, exit code and the last non-blank line of its log ("" if none). */
  public record Death(Node node, long pid, int exitCode, String lastLogLine) {
    /** {@code node n1 (pid 123) <what> with code 1}. */
    public String describe(String what) {
      return "node " + node.id() + " (pid " + pid + ") " + what + " with code " + exitCode;
    }
  }

  private final Path base;
  private final List<Node> nodes;
  private final List<String> launcher;
  private final List<String> extraArgs;
  private final Stop stop;
  private final Cleanup cleanup;
  private final Runnable beforeShutdown;
  private final Runnable afterShutdown;
  private final Map<Node, Process> started = new LinkedHashMap<>();
  private final Thread hook = new Thread(this::closeOnShutdown, "local-nodes-shutdown");
  private boolean hookAdded;
  private volatile boolean stopping;
  private boolean closed;

  private LocalNodes(Builder b, List<Node> nodes) {
    this.base = b.base;
    this.nodes = List.copyOf(nodes);
    this.launcher = List.copyOf(b.launcher);
    this.extraArgs = List.copyOf(b.extraArgs);
    this.stop = b.stop;
    this.cleanup = b.cleanup;
    this.beforeShutdown = b.beforeShutdown;
    this.afterShutdown = b.afterShutdown;
  }

  /** A cluster whose data and logs live under {@code base}. */
  public static Builder in(Path base) {
    return new Builder(base);
  }

  /**
   * The settings of a cluster before it exists. By default: 3 nodes on free ports, this JVM's class path, no
   * extra options, {@link Stop#TERMINATE}, {@link Cleanup#NOTHING}, a silent shutdown hook.
   */
  public static final class Builder {
    private final Path base;
    private int count = 3;
    private int firstRaftPort;
    private int firstHttpPort;
    private boolean fixedPorts;
    private List<String> launcher;
    private List<String> extraArgs = List.of();
    private Stop stop = Stop.TERMINATE;
    private Cleanup cleanup = Cleanup.NOTHING;
    private Runnable beforeShutdown = () -> {};
    private Runnable afterShutdown = () -> {};

    private Builder(Path base) {
      this.base = base;
    }

    /** {@code count} nodes on ports that nothing listens on when {@link #build} runs. */
    public Builder freePorts(int count) {
      this.count = count;
      this.fixedPorts = false;
      return this;
    }

    /** {@code count} nodes on consecutive ports from {@code firstRaftPort} and {@code firstHttpPort}. */
    public Builder fixedPorts(int count, int firstRaftPort, int firstHttpPort) {
      this.count = count;
      this.firstRaftPort = firstRaftPort;
      this.firstHttpPort = firstHttpPort;
      this.fixedPorts = true;
      return this;
    }

    /** The command that runs {@link Main}, up to its arguments: {@link #classPathLauncher} or {@link #jarLauncher}. */
    public Builder launcher(List<String> launcher) {
      this.launcher = launcher;
      return this;
    }

    /** Options appended to every node's own. */
    public Builder extraArgs(List<String> extraArgs) {
      this.extraArgs = extraArgs;
      return this;
    }

    public Builder stopOnClose(Stop stop) {
      this.stop = stop;
      return this;
    }

    public Builder deleteOnClose(Cleanup cleanup) {
      this.cleanup = cleanup;
      return this;
    }

    /** What the shutdown hook does around {@link #close} (say so; resume paused nodes). */
    public Builder onShutdown(Runnable before, Runnable after) {
      this.beforeShutdown = before;
      this.afterShutdown = after;
      return this;
    }

    /** Lays the nodes out (finding free ports if asked); starts none. */
    public LocalNodes build() throws IOException {
      if (launcher == null) launcher = classPathLauncher();
      int[] free = fixedPorts ? null : freePortNumbers(2 * count);
      List<Node> nodes = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String id = "n" + (i + 1);
        int raftPort = fixedPorts ? firstRaftPort + i : free[i];
        int httpPort = fixedPorts ? firstHttpPort + i : free[count + i];
        nodes.add(new Node(id, raftPort, httpPort, base.resolve(id), base.resolve(id + ".log")));
      }
      return new LocalNodes(this, nodes);
    }
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

  /** This JVM's class path, entries made absolute so a child finds them whatever its directory. */
  private static String absoluteClassPath() {
    return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** Ports that nothing listens on right now; a node may still lose one to a race, and then fails to start. */
  private static int[] freePortNumbers(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket();
        sockets.add(socket);
        socket.bind(new InetSocketAddress(HOST, 0));
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket socket : sockets) socket.close();
    }
  }

  // ---- layout ----

  public Path base() {
    return base;
  }

  public List<Node> nodes() {
    return nodes;
  }

  public Node node(String id) {
    return nodes.stream().filter(n -> n.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node " + id));
  }

  public List<URI> endpoints() {
    return nodes.stream().map(Node::endpoint).toList();
  }

  /** The {@code --members} value every node gets: {@code n1=127.0.0.1:25521,n2=...}. */
  public String members() {
    return nodes.stream().map(n -> n.id() + "=" + HOST + ":" + n.raftPort()).collect(Collectors.joining(","));
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

  // ---- starting ----

  /**
   * Starts {@code node}'s process (again, after it exited); refused once stopping has begun, so none outlives
   * {@link #close}. Fails with "cannot start node nX: why".
   */
  public synchronized Process start(Node node) throws IOException {
    try {
      if (stopping) throw new IOException("the cluster is stopping");
      if (!hookAdded) {
        Runtime.getRuntime().addShutdownHook(hook);
        hookAdded = true;
      }
      Files.createDirectories(node.log().getParent());
      ProcessBuilder builder = new ProcessBuilder(command(node))
          .redirectErrorStream(true)
          .redirectOutput(Redirect.appendTo(node.log().toFile()));
      // The command line says everything; settings meant for another node must not leak in.
      builder.environment().keySet().removeIf(name -> name.startsWith("RAFT_"));
      Process process = builder.start();
      started.put(node, process);
      return process;
    } catch (IOException e) {
      throw new IOException("cannot start node " + node.id() + ": " + e.getMessage(), e);
    }
  }

  private List<String> command(Node node) {
    List<String> command = new ArrayList<>(launcher);
    command.addAll(List.of("node",
        "--id", node.id(), "--host", HOST, "--raft-port", String.valueOf(node.raftPort()),
        "--http-port", String.valueOf(node.httpPort()), "--members", members(),
        "--data-dir", node.dataDir().toString()));
    command.addAll(extraArgs);
    return command;
  }

  // ---- watching ----

  public synchronized Process process(Node node) {
    return started.get(node);
  }

  public boolean alive(Node node) {
    Process process = process(node);
    return process != null && process.isAlive();
  }

  /** True once {@link #close} (or the shutdown hook) has begun. */
  public boolean stopping() {
    return stopping;
  }

  /** The first started node whose process has exited, if any, and why. */
  public Optional<Death> death() {
    Optional<Map.Entry<Node, Process>> exited;
    synchronized (this) {
      exited = started.entrySet().stream().filter(e -> !e.getValue().isAlive()).findFirst();
    }
    return exited.map(e -> death(e.getKey(), e.getValue()));
  }

  /** Blocks until some started process exits, and says why. */
  public Death awaitDeath() {
    Map<Node, Process> snapshot;
    synchronized (this) {
      snapshot = new LinkedHashMap<>(started);
    }
    CompletableFuture.anyOf(snapshot.values().stream().map(Process::onExit).toArray(CompletableFuture[]::new)).join();
    return snapshot.entrySet().stream().filter(e -> !e.getValue().isAlive()).findFirst()
        .map(e -> death(e.getKey(), e.getValue())).orElseThrow();
  }

  private static Death death(Node node, Process process) {
    return new Death(node, process.pid(), process.exitValue(), lastLine(node.log()));
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

  // ---- stopping ----

  /** SIGKILL to {@code node}'s process (a crash: nothing is flushed), and waits until it is gone. */
  public void kill(Node node) {
    Process process = process(node);
    if (process == null) return;
    process.destroyForcibly();
    awaitExit(process, GRACE);
  }

  /** SIGTERM to {@code node}'s process, SIGKILL if it still runs after the grace period. */
  public void stop(Node node) {
    Process process = process(node);
    if (process != null) terminate(List.of(process));
  }

  /**
   * Ends every started process as {@link Stop} says, then deletes what {@link Cleanup} says; once. Later callers
   * wait for the first one to finish. No node starts after this.
   */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    stopping = true;
    List<Process> running = started.values().stream().filter(Process::isAlive).toList();
    if (stop == Stop.KILL) {
      running.forEach(Process::destroyForcibly);
      for (Process process : running) awaitExit(process, GRACE);
    } else {
      terminate(running);
    }
    switch (cleanup) {
      case NOTHING -> { }
      case DATA_DIRS -> nodes.forEach(node -> deleteRecursively(node.dataDir()));
      case BASE_DIR -> deleteRecursively(base);
    }
    if (hookAdded && Thread.currentThread() != hook) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook runs and finds nothing left to do
      }
    }
  }

  private void closeOnShutdown() {
    beforeShutdown.run();
    close();
    afterShutdown.run();
  }

  /** SIGTERM to all of {@code processes}, then SIGKILL to those still running after {@link #GRACE}. */
  private static void terminate(List<Process> processes) {
    processes.forEach(Process::destroy);
    long deadline = System.nanoTime() + GRACE.toNanos();
    for (Process process : processes) awaitExit(process, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    List<Process> stuck = processes.stream().filter(Process::isAlive).toList();
    stuck.forEach(Process::destroyForcibly);
    for (Process process : stuck) awaitExit(process, GRACE);
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

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }
}
