package io.akkaraft.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.demo.NodeJvmOptions;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Steady write load on a 3-node cluster of node processes, one cell per value size (100 B, 4 KiB, 64 KiB,
 * 1 MiB, a mix of those) and number of concurrent clients (1, 16, 64): closed-loop clients PUT random keys of
 * their own (so each key's last acknowledged write is unambiguous), client i to node i mod 3 as {@code bench
 * http} does. Before the Pre-Vote, frame-size and back-pressure changes, large values made this store answer
 * 504, hold elections and leave a follower behind for good; every cell checks that none of that happens.
 *
 * <p>The CI version loads each cell for {@code -Dworkload.seconds} (2) and at most {@code
 * -Dworkload.max-mib-per-cell} MiB of values (48 per second of load), all cells on one cluster with keys of
 * their own. The Raft log stays whole in memory (no compaction yet), so the nodes run with the production JVM
 * flags ({@code akka-raft-node.jvm-options}: a 2 GiB heap) and a cell whose bytes could take the cluster past
 * {@code -Dworkload.mib-per-cluster} (1024) gets a fresh cluster: only the full version, {@code
 * -Dworkload.seconds=15}, needs that. The nodes answer after their production request timeout (10 s), not the
 * fault tests' 3 s. Each cell prints one line of the table (requests/s, MB/s of values); a short warm-up on
 * each fresh cluster keeps the JIT out of the first cell's figures.
 *
 * <p>To look into one cell: {@code -Dworkload.values=MIB1 -Dworkload.clients=64}, {@code
 * -Dworkload.leader-only=true} (no request forwarded by a follower), {@code -Dworkload.node-flags="-Xmn512m"}.
 * The node logs hold their GC pauses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkloadMatrixIT {
  static final Duration LOAD =
      Duration.ofMillis(Math.round(Double.parseDouble(System.getProperty("workload.seconds", "2")) * 1000));
  static final long CELL_BYTES = Long.getLong("workload.max-mib-per-cell", 48 * Math.max(1, LOAD.toSeconds())) << 20;
  static final long CLUSTER_BYTES = Long.getLong("workload.mib-per-cluster", 1024) << 20;
  /** Every member at the leader's commit index this soon after the last answer. */
  static final Duration CATCH_UP = Duration.ofSeconds(2);
  /** {@code -Dworkload.leader-only=true}: every client to the leader (as {@code bench http --leader-only}). */
  static final boolean LEADER_ONLY = Boolean.getBoolean("workload.leader-only");
  static final int KEYS_PER_CLIENT = 4;
  static final int READERS = 4;
  static final String HEADER = String.format("%-7s %7s %8s %11s %8s %7s %7s %11s  %s", "values", "clients",
      "requests", "requests/s", "MB/s", "p50 ms", "p99 ms", "catch-up ms", "leader");

  /** The value sizes of a cell: each write picks one of {@code sizes} at random. */
  enum Values {
    B100("100 B", 100),
    KIB4("4 KiB", 4 << 10),
    KIB64("64 KiB", 64 << 10),
    MIB1("1 MiB", 1 << 20),
    MIX("mix", 100, 4 << 10, 64 << 10, 1 << 20);

    final String label;
    final int[] sizes;

    Values(String label, int... sizes) {
      this.label = label;
      this.sizes = sizes;
    }
  }

  record Cell(int number, Values values, int clients) {
    @Override
    public String toString() {
      return values.label + " x " + clients + " clients";
    }

    String key(int client, int k) {
      return "cell" + number + "-c" + client + "-k" + k;
    }

    /** The value of {@code client}'s write number {@code seq}: the same bytes every time it is asked for. */
    byte[] value(int client, int seq) {
      SplittableRandom random = new SplittableRandom(((long) number << 40) ^ ((long) client << 24) ^ seq);
      byte[] value = new byte[values.sizes[random.nextInt(values.sizes.length)]];
      random.nextBytes(value);
      return value;
    }
  }

  /**
   * Every cell, numbered in order; {@code -Dworkload.values=MIB1,MIX} and {@code -Dworkload.clients=64} run
   * some only (to look into one cell).
   */
  static Stream<Cell> cells() {
    List<String> values = List.of(System.getProperty("workload.values", "B100,KIB4,KIB64,MIB1,MIX").split(","));
    List<String> clients = List.of(System.getProperty("workload.clients", "1,16,64").split(","));
    AtomicInteger number = new AtomicInteger();
    return Arrays.stream(Values.values())
        .flatMap(v -> Stream.of(1, 16, 64).map(c -> new Cell(number.incrementAndGet(), v, c)))
        .filter(cell -> values.contains(cell.values().name()) && clients.contains(String.valueOf(cell.clients())));
  }

  private final ExecutorService httpThreads = Executors.newFixedThreadPool(2, daemon("workload-http"));
  /** One pool for all clients, as {@code bench http}: blocking sends, at most one connection per client. */
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).executor(httpThreads).build();
  private final List<String> table = Collections.synchronizedList(new ArrayList<>());
  private ProcessCluster cluster;
  private long bytesOnCluster;
  private int clustersStarted;

  @BeforeAll
  void printSettings() {
    System.out.printf("WorkloadMatrixIT: %d ms of load and at most %d MiB of values per cell, %d MiB per cluster%n",
        LOAD.toMillis(), CELL_BYTES >> 20, CLUSTER_BYTES >> 20);
  }

  @AfterAll
  void stop() {
    if (cluster != null) cluster.close();
    httpThreads.shutdownNow();
    System.out.println("WorkloadMatrixIT, " + LOAD.toMillis() + " ms per cell (MB/s: 10^6 bytes of values):");
    System.out.println(HEADER);
    table.forEach(System.out::println);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cells")
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  @DisplayName("under steady writes of any value size up to the limit from 1 to 64 clients: every write is "
      + "acknowledged, the leader and term stay, every member reaches the leader's commit index within 2 s and "
      + "every node reads back each key's last acknowledged value")
  void everyWriteSucceedsWithoutElectionAndEveryNodeReadsBackTheLastWrites(Cell cell) throws Exception {
    ProcessCluster cluster = clusterWithRoomFor(CELL_BYTES);
    NodeStatus before = cluster.awaitLeader(ProcessCluster.START_WITHIN, cluster.ids());

    Load load = new Load(cell, cluster);
    load.run();
    bytesOnCluster += load.bytes();

    long commitIndex = cluster.await(before.id() + "'s status", Duration.ofSeconds(10), () -> cluster.status(before.id()))
        .commitIndex();
    long stopped = System.nanoTime();
    AssertionError behind = null;
    try {
      cluster.await("every member at the leader's commit index " + commitIndex, CATCH_UP,
          () -> everyMemberAt(cluster, commitIndex));
    } catch (AssertionError e) {
      behind = e;
    }
    long catchUpMillis = (System.nanoTime() - stopped) / 1_000_000;
    String row = String.format("%-7s %7d %8d %11.0f %8.2f %7.1f %7.1f %11s  %s t%d", cell.values().label,
        cell.clients(), load.requests(), load.requests() / load.seconds(), load.bytes() / load.seconds() / 1e6,
        load.latencyMillis(0.50), load.latencyMillis(0.99), behind == null ? catchUpMillis : "> " + CATCH_UP.toMillis(),
        before.id(), before.term());
    table.add(row);
    System.out.println(HEADER + "\n" + row);

    assertEquals(List.of(), load.failures(), cell + ": writes not acknowledged (" + load.failureCount() + " in all); logs: "
        + cluster.dir());
    assertTrue(load.requests() > 0, cell + ": no write was sent");
    if (behind != null) throw behind;

    assertEquals(List.of(), readBack(cluster, load), cell + ": nodes that do not read back the last acknowledged "
        + "values; logs: " + cluster.dir());

    cluster.assertSameLeaderEverywhere(before, "after the load of " + cell);
  }

  /** The cluster, or a fresh one if {@code bytes} more could take its in-memory logs past {@link #CLUSTER_BYTES}. */
  private ProcessCluster clusterWithRoomFor(long bytes) throws InterruptedException {
    if (cluster != null && bytesOnCluster + bytes > CLUSTER_BYTES) {
      System.out.printf("WorkloadMatrixIT: %d MiB of values written; a fresh cluster for the next cells%n",
          bytesOnCluster >> 20);
      cluster.close();
      cluster = null;
    }
    if (cluster == null) {
      cluster = ProcessCluster.start("WorkloadMatrixIT-" + ++clustersStarted, 3, NODE_JVM_OPTIONS,
          NODE_REQUEST_TIMEOUT, List.of());
      bytesOnCluster = 0;
      warmUp(cluster);
    }
    return cluster;
  }

  /**
   * The nodes' flags as in production, their GC pauses in their logs (on the logs' clock), then those of
   * {@code -Dworkload.node-flags} (space-separated; later flags win).
   */
  static final List<String> NODE_JVM_OPTIONS = Stream.of(NodeJvmOptions.forNodeProcess().stream(),
      Stream.of("-Xlog:gc:stdout:time"),
      Arrays.stream(System.getProperty("workload.node-flags", "").split("\\s+")).filter(f -> !f.isBlank()))
      .flatMap(f -> f).toList();
  /** The nodes' {@code --request-timeout} as in production (application.conf: 10s), not the fault tests' 3 s. */
  static final Duration NODE_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  /** Somewhat above the nodes' request timeout, so that a node's own 503/504 arrives before the client gives up. */
  static final Duration CLIENT_TIMEOUT = NODE_REQUEST_TIMEOUT.plusSeconds(2);

  /**
   * Lets the fresh nodes compile their hot paths (the production flags include C2) before the first cell,
   * whose figures would otherwise measure the JIT; nothing is asserted here, the cells check the cluster.
   */
  private void warmUp(ProcessCluster cluster) throws InterruptedException {
    Load warmUp = new Load(new Cell(0, Values.KIB4, 16), cluster);
    warmUp.run();
    bytesOnCluster += warmUp.bytes();
    System.out.printf("WorkloadMatrixIT: warm-up, %d requests in %.1f s, %d failed%n", warmUp.requests(),
        warmUp.seconds(), warmUp.failureCount());
  }

  private static Optional<Boolean> everyMemberAt(ProcessCluster cluster, long commitIndex) {
    Map<String, NodeStatus> all = cluster.statuses();
    boolean caughtUp = all.size() == cluster.ids().size()
        && all.values().stream().allMatch(s -> s.commitIndex() >= commitIndex && s.lastApplied() >= commitIndex);
    return caughtUp ? Optional.of(true) : Optional.empty();
  }

  /** Each written key through every node, linearizable; returns what differs from its last acknowledged write. */
  private List<String> readBack(ProcessCluster cluster, Load load) throws InterruptedException, ExecutionException {
    List<Callable<String>> reads = new ArrayList<>();
    load.lastAcknowledged().forEach((key, expected) -> {
      for (String node : cluster.ids()) reads.add(() -> compare(cluster, node, key, expected.get()));
    });
    ExecutorService readers = Executors.newFixedThreadPool(READERS, daemon("workload-read"));
    try {
      List<String> differences = new ArrayList<>();
      for (Future<String> read : readers.invokeAll(reads, 2, TimeUnit.MINUTES)) {
        String difference = read.isCancelled() ? "a read did not finish within 2 minutes" : read.get();
        if (difference != null) differences.add(difference);
      }
      return differences;
    } finally {
      readers.shutdownNow();
    }
  }

  private String compare(ProcessCluster cluster, String node, String key, byte[] expected) {
    HttpRequest request = HttpRequest.newBuilder(cluster.endpoint(node).resolve("/kv/" + key + "?consistency=linearizable"))
        .timeout(CLIENT_TIMEOUT).GET().build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        return key + " @" + node + ": " + response.statusCode() + " " + new String(response.body());
      }
      return Arrays.equals(expected, response.body()) ? null
          : key + " @" + node + ": " + response.body().length + " bytes, not the " + expected.length
              + " bytes of the last acknowledged write";
    } catch (IOException e) {
      return key + " @" + node + ": " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return key + " @" + node + ": interrupted";
    }
  }

  /**
   * One cell's clients: each a thread that PUTs a value to one of its own keys (picked at random), waits for
   * the answer and sends the next, until the cell's time is up or its byte budget spent.
   */
  private final class Load {
    private static final int FAILURES_KEPT = 5;
    private final Cell cell;
    private final ProcessCluster cluster;
    private final AtomicLong budget = new AtomicLong(CELL_BYTES);
    private final AtomicLong failureCount = new AtomicLong();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final List<Writer> writers = new ArrayList<>();
    private long nanos;

    Load(Cell cell, ProcessCluster cluster) {
      this.cell = cell;
      this.cluster = cluster;
    }

    void run() throws InterruptedException {
      long started = System.nanoTime();
      long deadline = started + LOAD.toNanos();
      List<Thread> threads = new ArrayList<>();
      List<String> nodes = LEADER_ONLY ? List.of(cluster.awaitLeader(ProcessCluster.START_WITHIN, cluster.ids()).id())
          : cluster.ids();
      for (int client = 0; client < cell.clients(); client++) {
        Writer writer = new Writer(client, nodes.get(client % nodes.size()), deadline);
        writers.add(writer);
        Thread thread = new Thread(writer, "workload-client-" + client);
        thread.setDaemon(true);
        threads.add(thread);
      }
      threads.forEach(Thread::start);
      long joinBy = deadline + CLIENT_TIMEOUT.plusSeconds(5).toNanos();
      for (Thread thread : threads) {
        thread.join(Math.max(1, (joinBy - System.nanoTime()) / 1_000_000));
        if (thread.isAlive()) throw new AssertionError(thread.getName() + " still waits for an answer; logs: " + cluster.dir());
      }
      nanos = System.nanoTime() - started;
    }

    double seconds() {
      return nanos / 1e9;
    }

    long requests() {
      return writers.stream().mapToLong(w -> w.latencies.size()).sum();
    }

    long bytes() {
      return writers.stream().mapToLong(w -> w.bytes).sum();
    }

    double latencyMillis(double quantile) {
      long[] all = writers.stream().flatMapToLong(w -> w.latencies.stream().mapToLong(Long::longValue)).sorted().toArray();
      if (all.length == 0) return Double.NaN;
      return all[Math.min(all.length - 1, (int) Math.ceil(quantile * all.length) - 1)] / 1e6;
    }

    List<String> failures() {
      synchronized (failures) {
        return List.copyOf(failures);
      }
    }

    long failureCount() {
      return failureCount.get();
    }

    /** Each key's last acknowledged value, made again on demand (the load may have written hundreds of MiB). */
    Map<String, Supplier<byte[]>> lastAcknowledged() {
      Map<String, Supplier<byte[]>> expected = new LinkedHashMap<>();
      for (Writer writer : writers) {
        writer.lastAcknowledged.forEach((key, seq) -> expected.put(key, () -> cell.value(writer.client, seq)));
      }
      return expected;
    }

    private void failed(String what) {
      failureCount.incrementAndGet();
      if (failures.size() < FAILURES_KEPT) failures.add(what.length() > 300 ? what.substring(0, 300) + "..." : what);
    }

    private final class Writer implements Runnable {
      final int client;
      final String node;
      final long deadline;
      final Map<String, Integer> lastAcknowledged = new HashMap<>();
      final Set<String> unknown = new HashSet<>();
      final List<Long> latencies = new ArrayList<>();
      long bytes;

      Writer(int client, String node, long deadline) {
        this.client = client;
        this.node = node;
        this.deadline = deadline;
      }

      @Override
      public void run() {
        SplittableRandom keys = new SplittableRandom(cell.number() * 1_000_003L + client);
        for (int seq = 0; System.nanoTime() < deadline; seq++) {
          byte[] value = cell.value(client, seq);
          if (budget.addAndGet(-value.length) < 0) return;
          String key = cell.key(client, keys.nextInt(KEYS_PER_CLIENT));
          HttpRequest request = HttpRequest.newBuilder(cluster.endpoint(node).resolve("/kv/" + key))
              .timeout(CLIENT_TIMEOUT).header("Content-Type", "application/octet-stream")
              .PUT(HttpRequest.BodyPublishers.ofByteArray(value)).build();
          long sent = System.nanoTime();
          try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
              latencies.add(System.nanoTime() - sent);
              bytes += value.length;
              if (!unknown.contains(key)) lastAcknowledged.put(key, seq);
              continue;
            }
            failed("PUT " + key + " (" + value.length + " bytes) @" + node + ": " + response.statusCode() + " "
                + response.body());
          } catch (IOException e) {
            failed("PUT " + key + " (" + value.length + " bytes) @" + node + ": " + e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          // The outcome is unknown, so is the key's value from now on (the cell fails on the failure anyway).
          unknown.add(key);
          lastAcknowledged.remove(key);
          ProcessCluster.idle(Duration.ofMillis(50)); // think time after a failure, not a wait for anything
        }
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
