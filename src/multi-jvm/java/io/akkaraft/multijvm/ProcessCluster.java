package io.akkaraft.multijvm;

import io.akkaraft.demo.LocalNodes;
import io.akkaraft.demo.LocalNodes.Cleanup;
import io.akkaraft.demo.LocalNodes.Node;
import io.akkaraft.demo.LocalNodes.Stop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A key-value cluster of real node processes for the multi-JVM tests: each node is {@code java -jar
 * target/akka-raft.jar node --test-admin ...} on 127.0.0.1 with free ports and a data directory of its own
 * under {@code target/multi-jvm/<name>-<time>/}, where its log ({@code nX.log}) stays after the test.
 *
 * <p>Faults: {@link #kill} (SIGKILL) and {@link #restart} with the same arguments, {@link #pause} and
 * {@link #resume} (SIGSTOP/SIGCONT), and partitions through each node's test-only admin endpoint
 * ({@link #isolate}, {@link #cut}, {@link #heal}).
 *
 * <p>{@link #close} always stops every process this cluster started (resuming paused ones first); a JVM
 * shutdown hook does the same if the test JVM is stopped first. {@link LocalNodes} lays out, starts and stops
 * the processes; this class adds what only the tests need: faults, status polling and assertions.
 */
final class ProcessCluster implements AutoCloseable {
  /** The executable jar that {@code mvn package} builds before failsafe runs the tests. */
  static final Path JAR = Path.of("target", "akka-raft.jar");
  /** Three nodes and the test JVM share two cores: small heaps, one GC thread, the quick compiler only. */
  static final List<String> NODE_JVM_OPTIONS = List.of("-Xmx256m", "-Xss512k", "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1");
  /** The nodes' {@code --request-timeout}: how long a request may wait for the cluster before 503/504. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);
  /** The nodes' Raft election timeout (reference.conf: 500ms to 1000ms); bounds in the tests are multiples. */
  static final Duration ELECTION_TIMEOUT_MIN = Duration.ofMillis(500);
  static final Duration ELECTION_TIMEOUT_MAX = Duration.ofSeconds(1);
  /** Forming the Akka cluster and electing a leader, on a loaded machine. */
  static final Duration START_WITHIN = Duration.ofSeconds(60);
  static final Duration POLL = Duration.ofMillis(100);

  private final Path dir;
  private final LocalNodes processes;
  private final Set<String> paused = ConcurrentHashMap.newKeySet();
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();

  private ProcessCluster(Path dir, int size, List<String> jvmOptions, Duration requestTimeout,
      List<String> settings) throws IOException {
    this.dir = dir;
    Path logback = dir.resolve("logback.xml");
    Files.writeString(logback, LOGBACK);
    List<String> jvm = new ArrayList<>(jvmOptions);
    jvm.add("-Dlogback.configurationFile=" + logback.toAbsolutePath());
    jvm.addAll(settings);
    processes = LocalNodes.in(dir).freePorts(size)
        .launcher(LocalNodes.jarLauncher(JAR, jvm))
        .extraArgs(List.of("--test-admin", "--request-timeout", requestTimeout.toMillis() + "ms"))
        .stopOnClose(Stop.KILL)
        .deleteOnClose(Boolean.getBoolean("multijvm.keep-data") ? Cleanup.NOTHING : Cleanup.DATA_DIRS)
        .onShutdown(this::resumeAll, () -> {}) // a stopped process would only die once continued
        .build();
  }

  /** Starts {@code size} nodes n1..nN with the default settings and waits until they agree on a leader. */
  static ProcessCluster start(String name, int size) {
    return start(name, size, List.of());
  }

  /**
   * Starts {@code size} nodes n1..nN and waits until they agree on a leader.
   *
   * @param settings configuration overrides for every node, as {@code -Dkey=value}
   */
  static ProcessCluster start(String name, int size, List<String> settings) {
    return start(name, size, NODE_JVM_OPTIONS, REQUEST_TIMEOUT, settings);
  }

  /**
   * Starts {@code size} nodes n1..nN with the JVM flags {@code jvmOptions} instead of {@link #NODE_JVM_OPTIONS}
   * and {@code --request-timeout requestTimeout} instead of {@link #REQUEST_TIMEOUT} (a scenario that runs the
   * nodes as in production: the flags of {@code NodeJvmOptions}, their heap, the default timeout), and waits
   * until they agree on a leader.
   */
  static ProcessCluster start(String name, int size, List<String> jvmOptions, Duration requestTimeout,
      List<String> settings) {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR + " is missing: the multi-JVM tests run after `mvn package` (mvn verify)");
    }
    try {
      String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
      Path dir = Files.createDirectories(Path.of("target", "multi-jvm", name + "-" + stamp));
      ProcessCluster cluster = new ProcessCluster(dir, size, jvmOptions, requestTimeout, settings);
      try {
        for (Node node : cluster.processes.nodes()) cluster.processes.start(node);
        cluster.awaitLeader(START_WITHIN, cluster.ids());
        return cluster;
      } catch (RuntimeException | Error e) {
        cluster.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<String> ids() {
    return processes.nodes().stream().map(Node::id).toList();
  }

  Path dir() {
    return dir;
  }

  URI endpoint(String id) {
    return node(id).endpoint();
  }

  private Node node(String id) {
    return processes.node(id);
  }

  // ---- faults ----

  /** SIGKILL: the node dies at once, its journal as it is on disk. */
  void kill(String id) {
    resume(id); // a stopped process would only die once continued
    processes.kill(node(id));
  }

  /** Starts a killed node again with the same arguments; it recovers from its data directory. */
  void restart(String id) {
    if (alive(id)) throw new IllegalStateException(id + " is still running");
    try {
      processes.start(node(id));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean alive(String id) {
    return processes.alive(node(id));
  }

  /** SIGSTOP: the whole JVM freezes (as in a long GC pause) and wakes up where it was on {@link #resume}. */
  void pause(String id) {
    signal(id, "-STOP");
    paused.add(id);
  }

  /** SIGCONT to a paused node; nothing if it is not paused. */
  void resume(String id) {
    if (paused.remove(id)) signal(id, "-CONT");
  }

  boolean paused(String id) {
    return paused.contains(id);
  }

  private void signal(String id, String signal) {
    Process process = processes.process(node(id));
    if (process == null || !process.isAlive()) throw new IllegalStateException(id + " is not running");
    try {
      Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling " + id, e);
    }
  }

  /**
   * Cuts {@code id} off from {@code peers} through its admin endpoint; {@code direction} is {@code both} (all
   * Akka traffic between them, set on {@code id} alone), {@code outbound} or {@code inbound} (see {@link #cut}).
   */
  void isolate(String id, Collection<String> peers, String direction) {
    String query = "isolate=" + String.join(",", peers) + "&direction=" + direction;
    HttpResponse<String> response = admin(id, "PUT", "/admin/partition?" + query);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(id + " refused " + query + ": " + response.statusCode() + " " + response.body());
    }
  }

  /** A one-way cut: what {@code from} sends to {@code to} is lost, the other direction still works. */
  void cut(String from, String to) {
    isolate(from, List.of(to), "outbound");
    isolate(to, List.of(from), "inbound");
  }

  /** Removes every cut {@code id} holds. */
  void heal(String id) {
    HttpResponse<String> response = admin(id, "DELETE", "/admin/partition");
    if (response.statusCode() != 200) throw new IllegalStateException(id + " did not heal: " + response.body());
  }

  /** Heals every running, unpaused node (a restarted node starts without cuts). */
  void healAll() {
    for (String id : ids()) if (alive(id) && !paused(id)) heal(id);
  }

  private HttpResponse<String> admin(String id, String method, String path) {
    try {
      return send(id, method, path, null, Duration.ofSeconds(5));
    } catch (IOException e) {
      throw new UncheckedIOException(id + " admin " + method + " " + path + " failed", e);
    }
  }

  // ---- faults aimed at the leader ----

  /** The leader a fault hit, as it was just before, and when the fault took hold ({@link System#nanoTime()}). */
  record LeaderFault(NodeStatus leader, long atNanos) {
    String id() {
      return leader.id();
    }

    long term() {
      return leader.term();
    }
  }

  /** kill -9 the leader; returns its status just before, once the survivors confirm it still led then. */
  LeaderFault killLeader() {
    return faultLeader("kill -9", this::kill, this::restartAndAwaitLeader, this::peersStillFollow);
  }

  /** kill -9 a follower; returns its id, once the leader confirms it still leads the same term. */
  String killFollower() {
    for (int attempt = 1; attempt <= 5; attempt++) {
      NodeStatus leader = awaitLeader(START_WITHIN, ids());
      String follower = ids().stream().filter(id -> !id.equals(leader.id())).findFirst().orElseThrow();
      kill(follower);
      if (status(leader.id()).filter(s -> s.isLeader() && s.term() == leader.term()).isPresent()) return follower;
      System.out.println("kill -9 " + follower + ": it may have led by then; again");
      restartAndAwaitLeader(follower);
    }
    throw new AssertionError("could not kill a follower: leadership kept moving; logs: " + dir);
  }

  /** SIGSTOP the leader; returns its status just before, once the others confirm it still led then. */
  LeaderFault pauseLeader() {
    return faultLeader("SIGSTOP", this::pause, this::resumeAndAwaitLeader, this::peersStillFollow);
  }

  /** Cuts the leader off from every other node both ways; returns its status, confirmed by the leader itself. */
  LeaderFault isolateLeader() {
    return faultLeader("isolate",
        id -> isolate(id, ids().stream().filter(other -> !other.equals(id)).toList(), "both"),
        id -> {
          heal(id);
          awaitLeader(START_WITHIN, ids());
        },
        leader -> status(leader.id()).filter(s -> s.isLeader() && s.term() == leader.term()).isPresent());
  }

  /**
   * Applies {@code fault} to the current leader. Leadership may move between reading it and the fault taking
   * hold (a loaded machine misses heartbeats), so {@code stillLed} must confirm that the node still led in the
   * same term when the fault was in place; if not, the fault is undone and tried again.
   */
  private LeaderFault faultLeader(String what, Consumer<String> fault,
      Consumer<String> undo, Predicate<NodeStatus> stillLed) {
    for (int attempt = 1; attempt <= 5; attempt++) {
      NodeStatus leader = awaitLeader(START_WITHIN, ids());
      fault.accept(leader.id());
      long at = System.nanoTime();
      if (stillLed.test(leader)) return new LeaderFault(leader, at);
      System.out.println(what + " " + leader.id() + ": it no longer led term " + leader.term() + " then; again");
      undo.accept(leader.id());
    }
    throw new AssertionError("could not " + what + " a leader: leadership kept moving; logs: " + dir);
  }

  /** Waits for a leader of a higher term than {@code old}'s among the other nodes, and returns its status. */
  NodeStatus awaitNewLeader(LeaderFault old, Duration within) {
    List<String> others = ids().stream().filter(id -> !id.equals(old.id())).toList();
    return await("a leader of a term above " + old.term() + " among " + others, within, () -> others.stream()
        .map(this::status).flatMap(Optional::stream).filter(s -> s.isLeader() && s.term() > old.term()).findFirst());
  }

  /** Every other node still names {@code leader} as leader of its term: no election has begun since. */
  private boolean peersStillFollow(NodeStatus leader) {
    return ids().stream().filter(id -> !id.equals(leader.id())).allMatch(id -> status(id)
        .filter(s -> leader.id().equals(s.leader()) && s.term() == leader.term()).isPresent());
  }

  private void restartAndAwaitLeader(String id) {
    restart(id);
    awaitLeader(START_WITHIN, ids());
  }

  private void resumeAndAwaitLeader(String id) {
    resume(id);
    awaitLeader(START_WITHIN, ids());
  }

  // ---- observing ----

  HttpResponse<String> send(String id, String method, String path, String body, Duration timeout) throws IOException {
    HttpRequest.BodyPublisher publisher = body == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(endpoint(id).resolve(path)).method(method, publisher)
        .timeout(timeout).build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Sends a request without waiting for its answer. */
  void sendAsync(String id, String method, String path, String body) {
    http.sendAsync(HttpRequest.newBuilder(endpoint(id).resolve(path))
        .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
  }

  /** The node's status, or empty if it does not answer within a second (dead, paused, busy). */
  Optional<NodeStatus> status(String id) {
    if (!alive(id) || paused(id)) return Optional.empty();
    try {
      HttpResponse<String> response = send(id, "GET", "/status", null, Duration.ofSeconds(1));
      return response.statusCode() == 200 ? Optional.of(NodeStatus.parse(response.body())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  Map<String, NodeStatus> statuses() {
    Map<String, NodeStatus> all = new LinkedHashMap<>();
    for (String id : ids()) status(id).ifPresent(s -> all.put(id, s));
    return all;
  }

  /**
   * The leader's status once every node of {@code among} answers and reports the same leader in the same
   * term, and that leader (one of {@code among}) says it leads.
   */
  NodeStatus awaitLeader(Duration within, Collection<String> among) {
    return await("a leader agreed on by " + among, within, () -> {
      Map<String, NodeStatus> seen = new LinkedHashMap<>();
      for (String id : among) {
        Optional<NodeStatus> status = status(id);
        if (status.isEmpty()) return Optional.empty();
        seen.put(id, status.get());
      }
      Set<String> leaders = new HashSet<>();
      Set<Long> terms = new HashSet<>();
      seen.values().forEach(s -> {
        leaders.add(String.valueOf(s.leader()));
        terms.add(s.term());
      });
      if (leaders.size() != 1 || terms.size() != 1) return Optional.empty();
      NodeStatus leader = seen.get(leaders.iterator().next());
      return leader != null && leader.isLeader() ? Optional.of(leader) : Optional.empty();
    });
  }

  /**
   * Asserts that every node answers {@code /status} and names {@code leader}'s id as the leader of {@code
   * leader}'s term: since terms only grow, no election was won or even started (without Pre-Vote) since then.
   */
  void assertSameLeaderEverywhere(NodeStatus leader, String when) {
    Map<String, NodeStatus> all = statuses();
    if (!all.keySet().equals(Set.copyOf(ids()))) {
      throw new AssertionError("nodes not answering /status " + when + "; statuses: " + all + "; logs: " + dir);
    }
    for (NodeStatus status : all.values()) {
      if (status.term() != leader.term() || !leader.id().equals(status.leader())) {
        throw new AssertionError(status.id() + " is in term " + status.term() + " with leader " + status.leader() + " "
            + when + ", not in term " + leader.term() + " led by " + leader.id() + "; statuses: " + all + "; logs: " + dir);
      }
    }
  }

  /** Polls {@code condition} throughout {@code period} (a safety property over a window); it must hold every time. */
  void assertHoldsFor(Duration period, BooleanSupplier condition, String otherwise) {
    assertHoldsUntil(condition, otherwise, period, () -> true, period);
  }

  /**
   * Polls {@code condition} until {@code atLeast} has passed and {@code done} is true; it must hold every
   * time, and {@code done} must come within {@code within}.
   */
  void assertHoldsUntil(BooleanSupplier condition, String otherwise, Duration atLeast, BooleanSupplier done,
      Duration within) {
    long start = System.nanoTime();
    while (true) {
      if (!condition.getAsBoolean()) throw new AssertionError(otherwise + "; statuses: " + statuses() + "; logs: " + dir);
      long elapsed = System.nanoTime() - start;
      if (elapsed >= atLeast.toNanos() && done.getAsBoolean()) return;
      if (elapsed > within.toNanos()) throw new AssertionError("not done within " + within + "; logs: " + dir);
      idle(POLL);
    }
  }

  /** Polls {@code probe} until it yields a value; fails with {@code what} and every node's status after {@code within}. */
  <T> T await(String what, Duration within, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) return value.get();
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what + " within " + within + "; statuses: " + statuses() + "; logs: " + dir);
      }
      idle(POLL);
    }
  }

  /**
   * Lets {@code period} pass: between two polls of an observable condition, or while the nemesis holds a
   * fault in place. Never used to wait for something to happen.
   */
  static void idle(Duration period) {
    try {
      Thread.sleep(period.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Every node's applied state of some keys, taken while all had applied the same index (the map's key). */
  record Converged(long lastApplied, Map<String, Map<String, String>> values) {}

  /**
   * Waits until every node has applied the same index, equal to the commit index, and reads {@code keys} from
   * each node's own state machine meanwhile; retried if any node moved on during the reads. The caller checks
   * that the states are equal: same applied index, same state (State Machine Safety).
   */
  Converged awaitConverged(Collection<String> keys, Duration within) {
    return await("every node at the same commit index and last applied", within, () -> {
      Optional<Long> applied = commonApplied();
      if (applied.isEmpty()) return Optional.empty();
      Map<String, Map<String, String>> values = new LinkedHashMap<>();
      try {
        for (String id : ids()) values.put(id, localValues(id, keys));
      } catch (IOException e) {
        return Optional.empty();
      }
      return commonApplied().equals(applied) ? Optional.of(new Converged(applied.get(), values)) : Optional.empty();
    });
  }

  private Optional<Long> commonApplied() {
    Map<String, NodeStatus> all = statuses();
    Set<Long> indices = new HashSet<>();
    all.values().forEach(s -> {
      indices.add(s.commitIndex());
      indices.add(s.lastApplied());
    });
    return all.size() == processes.nodes().size() && indices.size() == 1 ? Optional.of(indices.iterator().next()) : Optional.empty();
  }

  /** {@code keys}' values in {@code id}'s own state machine ({@code ?consistency=local}), null where absent. */
  Map<String, String> localValues(String id, Collection<String> keys) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : keys) {
      HttpResponse<String> response = send(id, "GET",
          "/kv/" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "?consistency=local", null, Duration.ofSeconds(5));
      if (response.statusCode() != 200 && response.statusCode() != 404) {
        throw new AssertionError(id + " answered a local read " + response.statusCode() + " " + response.body());
      }
      values.put(key, response.statusCode() == 200 ? response.body() : null);
    }
    return values;
  }

  // ---- stopping ----

  /**
   * Stops every process (SIGCONT to paused ones first, then SIGKILL) and deletes the data, keeping the logs
   * (all of it with {@code -Dmultijvm.keep-data=true}).
   */
  @Override
  public void close() {
    resumeAll();
    processes.close();
  }

  private void resumeAll() {
    for (String id : List.copyOf(paused)) {
      try {
        resume(id);
      } catch (RuntimeException e) {
        // it died meanwhile; SIGKILL covers it anyway
      }
    }
  }

  /** Node logs: Raft role changes and Akka cluster membership, with milliseconds, to line up with the history. */
  private static final String LOGBACK = """
      <configuration>
        <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
          <target>System.err</target>
          <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder>
        </appender>
        <logger name="io.akkaraft" level="INFO"/>
        <logger name="akka.cluster" level="INFO"/>
        <logger name="akka" level="WARN"/>
        <root level="WARN"><appender-ref ref="OUT"/></root>
      </configuration>
      """;
}
