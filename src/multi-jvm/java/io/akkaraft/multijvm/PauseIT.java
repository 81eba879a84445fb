package io.akkaraft.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A leader frozen with SIGSTOP (as by a long GC pause) past an election timeout, then woken with SIGCONT: once
 * with the network intact, once cut off from the others while it sleeps, so that on waking nothing tells it
 * that it was replaced. Run with ReadIndex reads and with leader leases: a woken leader holds a lease that its
 * monotonic clock must find expired.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class PauseIT {
  static final Duration WITHIN = Duration.ofSeconds(30);

  @ParameterizedTest(name = "reads by {0}")
  @EnumSource(RecordedRun.ReadMode.class)
  @DisplayName("SIGSTOP the leader, SIGCONT it later: the majority elects a leader of a higher term meanwhile; "
      + "the old one wakes up believing it leads, steps down, and never serves a stale read or commits alone")
  void pausedLeaderStepsDownWithoutStaleAnswers(RecordedRun.ReadMode reads) {
    try (RecordedRun run = RecordedRun.start("PauseIT-" + reads, System.nanoTime(), reads)) {
      // Four clients talk to the nodes not paused, so that the majority's progress does not wait on requests
      // stuck at the sleeping node; two talk only to the node paused as leader: what they send while it
      // sleeps is what it handles first when it wakes, still believing it leads.
      AtomicReference<String> paused = new AtomicReference<>();
      run.clients(4, run.allBut(paused));
      RecordingClients toPaused = run.clients(2, RecordedRun.onlyTo(paused));
      run.awaitProgress(40, WITHIN);

      pauseAndWake(run, paused, toPaused);
      pauseAndWakeCutOff(run, paused, toPaused);
      run.finish();
    }
  }

  /** The network stays intact: on waking, the old leader hears of the new term and steps down. */
  private static void pauseAndWake(RecordedRun run, AtomicReference<String> paused, RecordingClients toPaused) {
    ProcessCluster cluster = run.cluster;
    ProcessCluster.LeaderFault old = cluster.pauseLeader();
    paused.set(old.id());
    NodeStatus next = cluster.awaitNewLeader(old, WITHIN);
    run.awaitProgress(30, WITHIN); // the majority goes on while the old leader sleeps

    long resumedAt = System.nanoTime();
    cluster.resume(old.id());
    NodeStatus woke = cluster.await("the old leader answering after SIGCONT", WITHIN, () -> cluster.status(old.id()));
    NodeStatus stepped = cluster.await("the old leader stepping down to a term >= " + next.term(), WITHIN,
        () -> cluster.status(old.id()).filter(s -> !s.isLeader() && s.term() >= next.term()));
    System.out.printf("%s: %s paused as leader of term %d; %s led term %d; on waking %s; then %s%n", run.name,
        old.id(), old.term(), next.id(), next.term(), woke, stepped);
    cluster.await("an answer to a request sent to the old leader while it slept", WITHIN, () -> toPaused.attempts()
        .stream().filter(a -> a.node().equals(old.id()) && a.invokedNanos() > old.atNanos()
            && a.invokedNanos() < resumedAt).findAny());
    cluster.awaitLeader(WITHIN, cluster.ids());
    run.awaitProgress(30, WITHIN);
  }

  /**
   * The others cut the leader off (on their side, since it cannot answer) right after it is paused: what they
   * send it from then on is lost, so it wakes up as leader of its old term with nobody to tell it otherwise
   * (until it notices that no majority answers it and steps down by itself).
   * Its last confirmation round is older than the pause, so it must answer no read (by lease or ReadIndex) and
   * acknowledge no write until the cut heals and it steps down.
   */
  private static void pauseAndWakeCutOff(RecordedRun run, AtomicReference<String> paused, RecordingClients toPaused) {
    ProcessCluster cluster = run.cluster;
    ProcessCluster.LeaderFault old = cluster.pauseLeader();
    List<String> others = cluster.ids().stream().filter(id -> !id.equals(old.id())).toList();
    for (String id : others) cluster.isolate(id, List.of(old.id()), "both");
    paused.set(old.id());
    NodeStatus next = cluster.awaitNewLeader(old, WITHIN);
    run.awaitProgress(30, WITHIN);

    long resumedAt = System.nanoTime();
    cluster.resume(old.id());
    NodeStatus woke = cluster.await("the old leader answering after SIGCONT", WITHIN, () -> cluster.status(old.id()));
    // Nobody can tell it of the new term. It handles what queued up while it slept still believing it leads;
    // within a heartbeat it may also step down on its own (no majority answered it for an election timeout).
    assertEquals(old.term(), woke.term(), "the cut-off old leader cannot have heard of a later term: " + woke);
    // It stays cut off until requests sent to it after it woke have been answered: none may succeed.
    cluster.await("a request sent to the woken old leader answered", WITHIN, () -> toPaused.attempts().stream()
        .filter(a -> a.node().equals(old.id()) && a.invokedNanos() > resumedAt).findAny());
    long healedAt = System.nanoTime();
    for (String id : others) cluster.heal(id);
    List<RecordingClients.Attempt> answered = toPaused.attempts().stream().filter(a -> a.node().equals(old.id())
        && a.invokedNanos() > old.atNanos() && a.completedNanos() < healedAt).toList();
    assertFalse(answered.isEmpty(), "no request to the cut-off old leader was answered before the heal");
    assertEquals(List.of(), answered.stream().filter(RecordingClients.Attempt::succeeded).toList(),
        "the cut-off old leader answered after its pause");

    cluster.await("the old leader stepping down to a term >= " + next.term() + " after the heal", WITHIN,
        () -> cluster.status(old.id()).filter(s -> !s.isLeader() && s.term() >= next.term()));
    cluster.awaitLeader(WITHIN, cluster.ids());
    run.awaitProgress(30, WITHIN);
  }
}
