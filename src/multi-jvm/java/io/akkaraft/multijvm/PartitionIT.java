package io.akkaraft.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The leader cut off into a minority of one by a symmetric partition, then healed. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PartitionIT {
  static final Duration WITHIN = Duration.ofSeconds(30);
  /** How long the partition lasts once the majority has its new leader. */
  static final Duration PARTITIONED_FOR = ProcessCluster.ELECTION_TIMEOUT_MAX.multipliedBy(4);

  @Test
  @DisplayName("a leader partitioned into a minority commits nothing and answers nothing while the majority "
      + "elects a leader and goes on; after healing every node converges on the same log and values")
  void minorityLeaderCommitsNothingAndLogsConvergeAfterHealing() throws IOException {
    try (RecordedRun run = RecordedRun.start("PartitionIT", System.nanoTime())) {
      ProcessCluster cluster = run.cluster;
      run.clients(4);
      // Two clients talk only to whichever node is the leader when the partition begins.
      AtomicReference<String> minorityNode = new AtomicReference<>();
      RecordingClients minorityClients =
          run.clients(2, RecordedRun.onlyTo(minorityNode));
      run.awaitProgress(40, WITHIN);

      ProcessCluster.LeaderFault old = cluster.isolateLeader();
      minorityNode.set(old.id());
      NodeStatus next = cluster.awaitNewLeader(old, WITHIN);
      // By now nothing sent to the old leader before the cut is still in flight.
      NodeStatus minority = cluster.status(old.id()).orElseThrow();
      long windowStart = System.nanoTime();
      long majorityBefore = run.succeeded();
      cluster.assertHoldsFor(PARTITIONED_FOR, () -> cluster.status(old.id())
              .filter(s -> s.commitIndex() == minority.commitIndex() && s.lastApplied() == minority.lastApplied())
              .isPresent(),
          "the isolated old leader committed or applied something (was " + minority + ")");
      long windowEnd = System.nanoTime();
      assertTrue(run.succeeded() > majorityBefore, "the majority made no progress while " + old.id() + " was cut off");
      cluster.heal(old.id());

      // Nothing sent to the minority during the partition succeeded: no write, no linearizable read.
      List<RecordingClients.Attempt> answered = minorityClients.attempts().stream()
          .filter(a -> a.invokedNanos() >= windowStart && a.completedNanos() <= windowEnd && a.succeeded())
          .toList();
      assertEquals(List.of(), answered, "the minority answered during the partition");

      run.awaitProgress(40, WITHIN);
      run.stopClients();
      Map<String, NodeStatus> converged = cluster.await("every node at the same commit index and last applied",
          WITHIN, () -> {
            Map<String, NodeStatus> all = cluster.statuses();
            Set<Long> commits = all.values().stream().map(NodeStatus::commitIndex).collect(Collectors.toSet());
            Set<Long> applied = all.values().stream().map(NodeStatus::lastApplied).collect(Collectors.toSet());
            return all.size() == 3 && commits.size() == 1 && applied.equals(commits) ? Optional.of(all) : Optional.empty();
          });
      System.out.printf("%s: %s cut off in term %d, %s led term %d; converged at %s%n", run.name, old.id(), old.term(),
          next.id(), next.term(), converged.values());
      Map<String, String> values = CrashIT.localValues(cluster, next.id());
      for (String id : cluster.ids()) assertEquals(values, CrashIT.localValues(cluster, id), id + "'s values differ");
      run.finish();
    }
  }
}
