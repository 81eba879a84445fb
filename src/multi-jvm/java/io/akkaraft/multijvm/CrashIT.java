package io.akkaraft.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  void killedFollowerCatchesUp() throws IOException {
    try (RecordedRun run = RecordedRun.start("CrashIT-follower", System.nanoTime())) {
      ProcessCluster cluster = run.cluster;
      run.clients(4);
      run.awaitProgress(40, WITHIN);

      NodeStatus leader = cluster.awaitLeader(WITHIN, cluster.ids());
      String follower = others(cluster, leader.id()).get(0);
      cluster.kill(follower);
      run.awaitProgress(60, WITHIN); // the majority goes on without it
      cluster.restart(follower);
      NodeStatus now = cluster.awaitLeader(Duration.ofSeconds(60), cluster.ids());
      long commitIndex = now.commitIndex();
      cluster.await(follower + " applying up to the leader's commit index " + commitIndex, WITHIN,
          () -> cluster.status(follower).filter(s -> s.lastApplied() >= commitIndex).map(s -> true));
      run.awaitProgress(40, WITHIN);
      run.stopClients();

      // With the writes over, the follower reaches the leader's final commit index and holds its values.
      NodeStatus last = cluster.awaitLeader(WITHIN, cluster.ids());
      String leaderId = last.id();
      cluster.await(follower + " applying everything the leader committed", WITHIN, () -> {
        long committed = cluster.status(leaderId).orElseThrow().commitIndex();
        return cluster.status(follower).filter(s -> s.lastApplied() >= committed).map(s -> true);
      });
      assertEquals(localValues(cluster, leaderId), localValues(cluster, follower),
          "the restarted follower's state differs from the leader's");
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

  static List<String> others(ProcessCluster cluster, String id) {
    return cluster.ids().stream().filter(other -> !other.equals(id)).toList();
  }

  /** Every key's value in {@code node}'s own state machine ({@code ?consistency=local}), null if absent. */
  static Map<String, String> localValues(ProcessCluster cluster, String node) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : RecordedRun.KEYS) {
      HttpResponse<String> response = cluster.send(node, "GET", "/kv/" + key + "?consistency=local", null,
          RecordingClients.CLIENT_TIMEOUT);
      assertTrue(response.statusCode() == 200 || response.statusCode() == 404, response.body());
      values.put(key, response.statusCode() == 200 ? response.body() : null);
    }
    return values;
  }
}
