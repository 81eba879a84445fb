package io.akkaraft.multijvm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;

/** A leader frozen with SIGSTOP (as by a long GC pause) past an election timeout, then woken with SIGCONT. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PauseIT {
  static final Duration WITHIN = Duration.ofSeconds(30);

  @ParameterizedTest(name = "reads by {0}")
  @EnumSource(RecordedRun.ReadMode.class)
  @DisplayName("SIGSTOP the leader, SIGCONT it later: the majority elects a leader of a higher term meanwhile; "
      + "the old one wakes up believing it leads, steps down, and never serves a stale read or commits alone")
  void pausedLeaderStepsDownWithoutStaleAnswers(RecordedRun.ReadMode reads) {
    // With leases, the leader wakes up holding a lease that its monotonic clock must find expired.
    try (RecordedRun run = RecordedRun.start("PauseIT-" + reads, System.nanoTime(), reads)) {
      ProcessCluster cluster = run.cluster;
      run.clients(4);
      // Two clients talk only to the node paused as leader: what they send while it sleeps is what it
      // handles first when it wakes, still believing it leads.
      AtomicReference<String> paused = new AtomicReference<>();
      RecordingClients toPaused = run.clients(2, RecordedRun.onlyTo(paused));
      run.awaitProgress(40, WITHIN);

      ProcessCluster.LeaderFault old = cluster.pauseLeader();
      paused.set(old.id());
      NodeStatus next = cluster.awaitNewLeader(old, WITHIN);
      run.awaitProgress(30, WITHIN); // the majority goes on while the old leader sleeps

      long resumedAt = System.nanoTime();
      cluster.resume(old.id());
      // It wakes up as leader of its old term (or has just learnt of the new one) and must step down.
      NodeStatus woke = cluster.await("the old leader answering after SIGCONT", WITHIN, () -> cluster.status(old.id()));
      NodeStatus stepped = cluster.await("the old leader stepping down to a term >= " + next.term(), WITHIN,
          () -> cluster.status(old.id()).filter(s -> !s.isLeader() && s.term() >= next.term()));
      System.out.printf("%s: %s paused as leader of term %d; %s led term %d; on waking %s; then %s%n", run.name,
          old.id(), old.term(), next.id(), next.term(), woke, stepped);
      cluster.awaitLeader(WITHIN, cluster.ids());
      run.awaitProgress(30, WITHIN);
      run.finish();
      assertTrue(toPaused.attempts().stream()
              .anyMatch(a -> a.invokedNanos() > old.atNanos() && a.invokedNanos() < resumedAt),
          "no request reached the old leader while it slept");
    }
  }
}
