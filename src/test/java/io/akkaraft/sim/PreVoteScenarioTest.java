package io.akkaraft.sim;

import static io.akkaraft.sim.EventQueue.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Pre-Vote (thesis §9.6) on the situation it exists for: a member that rejoins after a partition. */
class PreVoteScenarioTest {
  /** election-timeout-max of the test configuration. */
  private static final long ELECTION_TIMEOUT = millis(300);

  @Test
  @DisplayName("§9.6: a follower isolated for 10 election timeouts rejoins without raising its term or deposing the leader")
  void followerIsolatedForTenElectionTimeoutsRejoinsWithoutDisruption() {
    Simulation sim = isolateAFollowerForTenTimeouts(true);

    assertTrue(sim.isLeader("n1"), () -> "the rejoining follower deposed the leader: " + sim.report(40));
    assertEquals(1, sim.state("n1").currentTerm(), "the leader's term is unchanged");
    assertEquals(1, sim.state("n3").currentTerm(), "the isolated follower never raised its term");
    assertEquals("n1", sim.state("n3").leaderId(), "and follows the leader again");
    Submission after = sim.submit("client", "n1", "after", millis(1));
    assertTrue(sim.runUntil(() -> after.committed() && sim.stateMachine("n3").hasApplied("after"), millis(200)),
        () -> sim.report(40));
    assertNull(sim.violation(), () -> sim.report(60));
  }

  @Test
  @DisplayName("Without Pre-Vote, the same rejoining follower raises its term alone and deposes the leader (why §9.6 exists)")
  void withoutPreVoteTheRejoiningFollowerDeposesTheLeader() {
    Simulation sim = isolateAFollowerForTenTimeouts(false);

    boolean deposed = !sim.isLeader("n1") || sim.state("n1").currentTerm() > 1;
    assertTrue(deposed, () -> "expected the disruption that Pre-Vote prevents: " + sim.report(40));
    assertNull(sim.violation(), () -> sim.report(60));
  }

  private static Simulation isolateAFollowerForTenTimeouts(boolean preVote) {
    List<String> ids = Simulation.memberIds(3);
    Simulation sim = Simulation.scenario(ids);
    for (String id : ids) sim.tune(id, s -> s.withPreVote(preVote));
    sim.start();
    assertTrue(sim.awaitRecovered(), sim.report(40));
    assertTrue(sim.elect("n1"), () -> sim.report(40));
    Submission before = sim.submit("client", "n1", "before", millis(1));
    assertTrue(sim.runUntil(() -> sim.stateMachine("n3").hasApplied("before"), millis(200)), () -> sim.report(40));
    assertEquals(1, sim.state("n1").currentTerm());

    sim.network.isolate("n3");
    sim.runFor(10 * ELECTION_TIMEOUT);
    sim.network.heal();
    sim.runFor(3 * ELECTION_TIMEOUT);
    return sim;
  }
}
