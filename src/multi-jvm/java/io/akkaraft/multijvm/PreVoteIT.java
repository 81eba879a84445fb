package io.akkaraft.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pre-Vote (thesis §9.6, {@code akka-raft.pre-vote = on}, the default): a follower cut off from the others asks
 * whether it could win an election before it starts one, learns nothing, and so never raises its term; when it
 * can reach the others again it does not depose their leader.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PreVoteIT {
  /** Ten of the isolated node's election timeouts (election-timeout-max): ten elections it would have started. */
  static final Duration ISOLATED_FOR = ProcessCluster.ELECTION_TIMEOUT_MAX.multipliedBy(10);
  /** "Within a few seconds" after the heal: the leader's next heartbeat and a probe or two. */
  static final Duration CATCH_UP = Duration.ofSeconds(5);
  /** After it caught up, the leader and term must stay for this long too (the disruption would come at once). */
  static final Duration STABLE_FOR = ProcessCluster.ELECTION_TIMEOUT_MAX.multipliedBy(2);
  static final Duration WITHIN = Duration.ofSeconds(30);

  @Test
  @DisplayName("§9.6 a follower cut off for 10 election timeouts never raises its term; healed, it catches up "
      + "within a few seconds, the leader and term stay on every node, and no client request fails meanwhile")
  void isolatedFollowerNeverRaisesItsTermAndDoesNotDeposeTheLeader() {
    try (RecordedRun run = RecordedRun.start("PreVoteIT", System.nanoTime())) {
      ProcessCluster cluster = run.cluster;
      NodeStatus leader = cluster.awaitLeader(WITHIN, cluster.ids());
      String follower = cluster.ids().stream().filter(id -> !id.equals(leader.id())).findFirst().orElseThrow();
      List<String> others = cluster.ids().stream().filter(id -> !id.equals(follower)).toList();
      // A few clients with small values, talking only to the two nodes that stay connected, from start to end.
      RecordingClients clients = run.clients(3, run.allBut(new AtomicReference<>(follower)));
      run.awaitProgress(30, WITHIN);

      NodeStatus before = cluster.awaitLeader(WITHIN, cluster.ids());
      assertNotEquals(follower, before.id(), "leadership moved to " + follower + " under light load before the "
          + "partition; statuses: " + cluster.statuses() + "; logs: " + cluster.dir());
      long preVotesBefore = preVoteRequests(cluster, follower);
      cluster.isolate(follower, others, "both");
      long succeededBefore = run.succeeded();
      cluster.assertHoldsFor(ISOLATED_FOR,
          () -> cluster.status(follower).map(s -> s.term() == before.term()).orElse(true),
          follower + " raised its term above " + before.term() + " while cut off");
      long preVotes = preVoteRequests(cluster, follower) - preVotesBefore;
      assertTrue(preVotes > 0, follower + " never asked for pre-votes while cut off for " + ISOLATED_FOR.toMillis()
          + " ms: the scenario did not exercise §9.6; logs: " + cluster.dir());
      assertTrue(run.succeeded() > succeededBefore, "the majority made no progress while " + follower + " was cut off");
      cluster.heal(follower);

      long commitIndex = cluster.await("the leader's status", WITHIN, () -> cluster.status(before.id())).commitIndex();
      long healed = System.nanoTime();
      cluster.await(follower + " at the leader's commit index " + commitIndex, CATCH_UP,
          () -> cluster.status(follower).filter(s -> s.commitIndex() >= commitIndex).map(s -> true));
      long caughtUpMillis = (System.nanoTime() - healed) / 1_000_000;
      cluster.assertHoldsFor(STABLE_FOR, () -> cluster.statuses().values().stream()
              .allMatch(s -> s.term() == before.term() && before.id().equals(s.leader())),
          "the leader or term changed after " + follower + " came back (before: " + before.id() + " leading term "
              + before.term() + ")");
      cluster.assertSameLeaderEverywhere(before, "after " + follower + " came back");
      System.out.printf("%s: %s cut off for %d ms in term %d (leader %s), asked for pre-votes %d times; caught up "
          + "with commit index %d %d ms after the heal%n", run.name, follower, ISOLATED_FOR.toMillis(), before.term(),
          before.id(), preVotes, commitIndex, caughtUpMillis);

      run.stopClients();
      assertEquals(List.of(), clients.attempts().stream().filter(a -> !a.succeeded()).toList(),
          "client requests to " + others + " that failed while " + follower + " was cut off or rejoined");
      run.finish();
    }
  }

  /** How often {@code id} has started a pre-vote round, from its log ({@code Member} logs one line per round). */
  private static long preVoteRequests(ProcessCluster cluster, String id) {
    try (var lines = Files.lines(cluster.dir().resolve(id + ".log"))) {
      return lines.filter(line -> line.contains(id + " asks for pre-votes for term")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
