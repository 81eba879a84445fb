package io.akkaraft.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;

/** The leader cut off into a minority of one by a symmetric partition, then healed. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PartitionIT {
  static final Duration WITHIN = Duration.ofSeconds(30);
  /** How long the partition lasts at least once the majority has its new leader. */
  static final Duration PARTITIONED_FOR = ProcessCluster.ELECTION_TIMEOUT_MAX.multipliedBy(3);

  @ParameterizedTest(name = "reads by {0}")
  @EnumSource(RecordedRun.ReadMode.class)
  @DisplayName("a leader partitioned into a minority commits nothing and answers nothing while the majority "
      + "elects a leader and goes on; after healing every node converges on the same log and values")
  void minorityLeaderCommitsNothingAndLogsConvergeAfterHealing(RecordedRun.ReadMode reads) {
    try (RecordedRun run = RecordedRun.start("PartitionIT-" + reads, System.nanoTime(), reads)) {
      ProcessCluster cluster = run.cluster;
      // Four clients talk to the majority, two to the minority: whichever node leads when the partition begins.
      AtomicReference<String> minorityNode = new AtomicReference<>();
      run.clients(4, run.allBut(minorityNode));
      RecordingClients minorityClients = run.clients(2, RecordedRun.onlyTo(minorityNode));
      run.awaitProgress(40, WITHIN);

      ProcessCluster.LeaderFault old = cluster.isolateLeader();
      minorityNode.set(old.id());
      NodeStatus next = cluster.awaitNewLeader(old, WITHIN);
      // By now nothing sent to the old leader before the cut is still in flight.
      NodeStatus minority = cluster.status(old.id()).orElseThrow();
      long majorityBefore = run.succeeded();
      // A request that arrives after the cut cannot be confirmed by any acknowledgement sent before it; with
      // leases, the old leader may answer reads until its lease, shorter than election-timeout-min, runs out.
      long quiet = old.atNanos()
          + (reads == RecordedRun.ReadMode.LEASE ? ProcessCluster.ELECTION_TIMEOUT_MIN.toNanos() : 0);
      Predicate<RecordingClients.Attempt> sentWhenQuiet = a -> a.invokedNanos() >= quiet;
      // The partition lasts until requests sent to the minority after that have been answered (503 after the
      // nodes' request timeout), and at least PARTITIONED_FOR; meanwhile the minority commits and applies nothing.
      cluster.assertHoldsUntil(() -> cluster.status(old.id())
              .filter(s -> s.commitIndex() == minority.commitIndex() && s.lastApplied() == minority.lastApplied())
              .isPresent(),
          "the isolated old leader committed or applied something (was " + minority + ")",
          PARTITIONED_FOR, () -> minorityClients.attempts().stream().anyMatch(sentWhenQuiet), WITHIN);
      long windowEnd = System.nanoTime();
      assertTrue(run.succeeded() > majorityBefore, "the majority made no progress while " + old.id() + " was cut off");
      cluster.heal(old.id());

      // Nothing sent to the minority during the partition succeeded: no write, no linearizable read.
      List<RecordingClients.Attempt> duringPartition = minorityClients.attempts().stream()
          .filter(a -> sentWhenQuiet.test(a) && a.completedNanos() <= windowEnd).toList();
      assertFalse(duringPartition.isEmpty(), "no request to the minority was answered during the partition");
      assertEquals(List.of(), duringPartition.stream().filter(RecordingClients.Attempt::succeeded).toList(),
          "the minority answered during the partition");

      run.awaitProgress(40, WITHIN);
      run.stopClients();
      ProcessCluster.Converged converged = cluster.awaitConverged(RecordedRun.KEYS, WITHIN);
      System.out.printf("%s: %s cut off in term %d, %s led term %d; all converged at index %d%n", run.name, old.id(),
          old.term(), next.id(), next.term(), converged.lastApplied());
      for (String id : cluster.ids()) {
        assertEquals(converged.values().get(next.id()), converged.values().get(id),
            id + "'s state at index " + converged.lastApplied() + " differs from " + next.id() + "'s");
      }
      run.finish();
    }
  }
}
