package io.akkaraft.multijvm;

import io.akkaraft.linearizability.History;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One scenario: a cluster of node processes, groups of recording clients and their shared history. {@link
 * #finish} stops the clients, reads every key through every running node and runs the checker; {@link
 * #close} stops the clients and every process whatever happened.
 */
final class RecordedRun implements AutoCloseable {
  static final List<String> KEYS = List.of("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7");

  final String name;
  final long seed;
  final ProcessCluster cluster;
  final History history = new History();
  private final List<RecordingClients> clients = new ArrayList<>();
  private final AtomicInteger processIds = new AtomicInteger();

  private RecordedRun(String name, long seed, ProcessCluster cluster) {
    this.name = name;
    this.seed = seed;
    this.cluster = cluster;
  }

  /** A fresh 3-node cluster with a leader; {@code seed} drives the clients' choices. */
  static RecordedRun start(String name, long seed) {
    return start(name, seed, ReadMode.READ_INDEX);
  }

  /** How the nodes serve linearizable reads: a heartbeat round per read (the default) or a leader lease. */
  enum ReadMode {
    READ_INDEX(List.of()),
    LEASE(List.of("-Dakka-raft.lease-reads=on"));

    final List<String> settings;

    ReadMode(List<String> settings) {
      this.settings = settings;
    }
  }

  /** A fresh 3-node cluster serving reads as {@code reads} says. */
  static RecordedRun start(String name, long seed, ReadMode reads) {
    System.out.println(name + ": seed " + seed + ", reads " + reads);
    return new RecordedRun(name, seed, ProcessCluster.start(name, 3, reads.settings));
  }

  /** {@code count} clients sending to every node. */
  RecordingClients clients(int count) {
    return clients(count, cluster::ids);
  }

  /** {@code count} clients sending to the nodes {@code targets} names when each request starts. */
  RecordingClients clients(int count, Supplier<List<String>> targets) {
    RecordingClients group = RecordingClients.start(cluster, history, count, KEYS, seed + clients.size(), targets,
        processIds);
    clients.add(group);
    return group;
  }

  /** Targets for clients that talk only to the node {@code node} names once it is set, and to none before. */
  static Supplier<List<String>> onlyTo(AtomicReference<String> node) {
    return () -> node.get() == null ? List.of() : List.of(node.get());
  }

  /** Targets for clients that talk to every node except the one {@code node} names, once it is set. */
  Supplier<List<String>> allBut(AtomicReference<String> node) {
    return () -> cluster.ids().stream().filter(id -> !id.equals(node.get())).toList();
  }

  long succeeded() {
    return clients.stream().mapToLong(RecordingClients::succeeded).sum();
  }

  /** Waits until the clients have {@code count} more successful operations. */
  void awaitProgress(int count, Duration within) {
    long target = succeeded() + count;
    cluster.await(count + " more successful operations", within,
        () -> succeeded() >= target ? Optional.of(true) : Optional.empty());
  }

  /** Stops the clients, reads every key through every running node, and asserts the history is linearizable. */
  void finish() {
    stopClients();
    List<String> running = cluster.ids().stream().filter(cluster::alive).filter(id -> !cluster.paused(id)).toList();
    HistoryCheck.finalReads(cluster, history, KEYS, running, processIds.getAndIncrement());
    HistoryCheck.assertLinearizable(name, cluster, history, clients);
  }

  void stopClients() {
    clients.forEach(RecordingClients::close);
  }

  /** Stops the clients and every process; the history stays next to the node logs, also after a failure. */
  @Override
  public void close() {
    try {
      stopClients();
      HistoryCheck.save(cluster, history, clients);
    } finally {
      cluster.close();
    }
  }
}
