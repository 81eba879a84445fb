package io.akkaraft.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Nodes killed with SIGKILL while clients work, and started again from their journals. */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CrashIT {
  /** "Within a few election timeouts": the followers' timers (at most 1 s) plus elections, split votes included. */
  static final Duration NEW_LEADER_WITHIN = ProcessCluster.ELECTION_TIMEOUT_MAX.multipliedBy(5);
  static final Duration WITHIN = Duration.ofSeconds(30);

  @Test
  @DisplayName("kill -9 the leader: the others elect a new leader within a few election timeouts, no acknowledged "
      + "write is lost, and the old leader rejoins")
  void killedLeaderIsReplacedQuickly() {
    try (RecordedRun run = RecordedRun.start("CrashIT-leader", System.nanoTime())) {
      ProcessCluster cluster = run.cluster;
      run.clients(4);
      run.awaitProgress(40, WITHIN);

      ProcessCluster.LeaderFault old = cluster.killLeader();
      long killedAt = old.atNanos();
      NodeStatus next = cluster.awaitNewLeader(old, WITHIN);
      Duration elected = Duration.ofNanos(System.nanoTime() - killedAt);
      System.out.printf("%s: %s killed, %s leads in term %d after %d ms%n", run.name, old.id(), next.id(), next.term(),
          elected.toMillis());
      assertTrue(elected.compareTo(NEW_LEADER_WITHIN) <= 0,
          "a new leader took " + elected.toMillis() + " ms, more than " + NEW_LEADER_WITHIN.toMillis() + " ms");
      run.awaitProgress(40, WITHIN);

      cluster.restart(old.id());
      cluster.awaitLeader(Duration.ofSeconds(60), cluster.ids());
      run.awaitProgress(40, WITHIN);
      run.finish();
    }
  }

  @Test
  @DisplayName("kill -9 a follower while writes go on and restart it: it recovers from its journal, catches up "
      + "with the leader and reads the latest values")
  void killedFollowerCatchesUp() {
    try (RecordedRun run = RecordedRun.start("CrashIT-follower", System.nanoTime())) {
      ProcessCluster cluster = run.cluster;
      run.clients(4);
      run.awaitProgress(40, WITHIN);

      String follower = cluster.killFollower();
      run.awaitProgress(60, WITHIN); // the majority goes on without it
      cluster.restart(follower);
      NodeStatus now = cluster.awaitLeader(Duration.ofSeconds(60), cluster.ids());
      long commitIndex = now.commitIndex();
      cluster.await(follower + " applying up to the leader's commit index " + commitIndex, WITHIN,
          () -> cluster.status(follower).filter(s -> s.lastApplied() >= commitIndex).map(s -> true));
      run.awaitProgress(40, WITHIN);
      run.stopClients();

      // With the writes over, every node reaches the same applied index, the restarted follower included,
      // and holds the same values there.
      ProcessCluster.Converged converged = cluster.awaitConverged(RecordedRun.KEYS, WITHIN);
      String leader = cluster.awaitLeader(WITHIN, cluster.ids()).id();
      for (String id : cluster.ids()) {
        assertEquals(converged.values().get(leader), converged.values().get(id),
            id + "'s state at index " + converged.lastApplied() + " differs from " + leader + "'s");
      }
      run.finish();
    }
  }

  @Test
  @DisplayName("kill -9 every node and restart them all: every acknowledged write is still there")
  void wholeClusterCrashLosesNoAcknowledgedWrite() {
    try (RecordedRun run = RecordedRun.start("CrashIT-all", System.nanoTime())) {
      ProcessCluster cluster = run.cluster;
      run.clients(4);
      run.awaitProgress(80, WITHIN);
      long committed = cluster.awaitLeader(WITHIN, cluster.ids()).commitIndex();

      for (String id : cluster.ids()) cluster.kill(id); // while the clients still write
      for (String id : cluster.ids()) cluster.restart(id);
      NodeStatus leader = cluster.awaitLeader(Duration.ofSeconds(60), cluster.ids());
      // the new leader's no-op commits everything before it, all that was committed before the crash included
      cluster.await("the commit index reaching " + committed + " again", WITHIN,
          () -> cluster.status(leader.id()).filter(s -> s.commitIndex() > committed).map(s -> true));
      run.awaitProgress(40, WITHIN);
      run.finish(); // its final reads find every acknowledged write, or the checker fails
    }
  }
}
