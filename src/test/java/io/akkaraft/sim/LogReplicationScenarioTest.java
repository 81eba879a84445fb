package io.akkaraft.sim;

import static io.akkaraft.sim.EventQueue.millis;
import static io.akkaraft.testkit.Logs.terms;
import static io.akkaraft.testkit.Logs.termsOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.core.MemberState;
import io.akkaraft.core.RoleState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Log replication (§3.5) on exact situations, with every invariant checked on the way. */
class LogReplicationScenarioTest {
  /** Thesis Figure 3.6: the leader of term 8, and the logs its followers might have. */
  private static final long[] LEADER = {1, 1, 1, 4, 4, 5, 5, 6, 6, 6};

  static Stream<Arguments> figure36Followers() {
    return Stream.of(
        Arguments.of("a: missing entries", new long[] {1, 1, 1, 4, 4, 5, 5, 6, 6}),
        Arguments.of("b: missing entries", new long[] {1, 1, 1, 4}),
        Arguments.of("c: extra uncommitted entry", new long[] {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6}),
        Arguments.of("d: extra entries of term 7", new long[] {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7}),
        Arguments.of("e: missing and extra entries", new long[] {1, 1, 1, 4, 4, 4, 4}),
        Arguments.of("f: extra entries of terms 2 and 3", new long[] {1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3}));
  }

  @ParameterizedTest(name = "follower {0}")
  @MethodSource("figure36Followers")
  @DisplayName("§3.5, Figure 3.6: the leader forces each follower's log to duplicate its own")
  void leaderForcesEachFollowerOfFigure36ToDuplicateItsLog(String follower, long[] followerTerms) {
    Simulation sim = Simulation.scenario(Simulation.memberIds(3))
        .withDisk("n1", 7, null, terms(LEADER))
        .withDisk("n2", 7, null, terms(followerTerms))
        .withDisk("n3", 7, null, terms(LEADER));
    sim.start();
    assertTrue(sim.awaitRecovered(), sim.report(50));
    sim.electionTimeoutNow("n1");

    boolean converged = sim.runUntil(() -> sim.isLeader("n1") && sim.state("n2").commitIndex() == 11
        && sim.state("n2").durable().lastIndex() == 11, millis(500));

    assertTrue(converged, () -> "follower " + follower + " did not converge:\n" + sim.report(80));
    long[] expected = {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 8};
    assertEquals(8, sim.state("n1").currentTerm());
    assertArrayEquals(expected, termsOf(sim.state("n2").log()));
    assertArrayEquals(expected, termsOf(sim.disk("n2").log()), "the repaired log is what the follower's disk holds");
    assertNull(sim.violation(), () -> sim.report(80));
  }

  @Test
  @DisplayName("§3.5, Figure 3.6: in one group of seven, the leader of term 8 is elected and repairs all six followers")
  void leaderOfFigure36IsElectedAndRepairsAllSixFollowers() {
    List<String> ids = Simulation.memberIds(7);
    Simulation sim = Simulation.scenario(ids).withDisk("n1", 7, null, terms(LEADER));
    List<long[]> followers = figure36Followers().map(a -> (long[]) a.get()[1]).toList();
    for (int i = 0; i < 6; i++) sim.withDisk(ids.get(i + 1), 7, null, terms(followers.get(i)));
    sim.start();
    assertTrue(sim.awaitRecovered(), sim.report(50));
    sim.electionTimeoutNow("n1");

    // a, b, e and f grant their votes (§3.6.1); c and d hold more up-to-date logs and refuse.
    boolean converged = sim.runUntil(() -> ids.stream().allMatch(id -> sim.state(id).commitIndex() == 11),
        millis(500));

    assertTrue(converged, () -> sim.report(120));
    assertEquals(8, sim.state("n1").currentTerm());
    for (String id : ids) assertArrayEquals(new long[] {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 8}, termsOf(sim.state(id).log()), id);
    assertNull(sim.violation(), () -> sim.report(80));
  }

  /**
   * Found by the simulator (seed 178 before the fix): with its pipeline full and every reply lost, a leader
   * never sent that follower another entry, because heartbeat acknowledgements never freed a slot.
   */
  @Test
  @DisplayName("§3.5: a leader whose replies to a full pipeline were lost resumes sending entries to that follower")
  void leaderResumesReplicationAfterRepliesToAFullPipelineWereLost() {
    Simulation sim = Simulation.scenario(Simulation.memberIds(3));
    sim.start();
    assertTrue(sim.awaitRecovered(), sim.report(50));
    assertTrue(sim.elect("n1"), () -> sim.report(40));
    Submission first = sim.submit("client", "n1", "first", millis(1));
    assertTrue(sim.runUntil(() -> sim.stateMachine("n2").lastApplied() == 2, millis(200)), sim.report(60));
    assertTrue(first.committed(), sim.report(60));

    sim.network.cutOneWay("n2", "n1");
    int pipeline = Simulation.RAFT_CONFIG.getInt("max-inflight-appends");
    List<Submission> batch = new ArrayList<>();
    // One command per millisecond: each is proposed (and sent) on its own, so the pipeline fills up.
    for (int i = 1; i <= pipeline + 2; i++) batch.add(sim.submit("client", "n1", "lost-reply-" + i, millis(i)));
    assertTrue(sim.runUntil(() -> batch.stream().allMatch(Submission::committed), millis(200)), sim.report(60));
    assertEquals(pipeline, pipelineOf(sim.state("n1"), "n2").inflight(),
        "the pipeline to n2 is full of unanswered appends");
    sim.network.heal();
    long last = sim.state("n1").log().lastIndex();

    boolean caughtUp = sim.runUntil(() -> sim.state("n2").log().lastIndex() == last
        && sim.state("n2").commitIndex() == last, Duration.ofSeconds(2).toNanos());

    assertTrue(caughtUp, () -> "n2 never received the entries after its pipeline filled up:\n" + sim.report(60));
    assertNull(sim.violation(), () -> sim.report(60));
  }

  private static io.akkaraft.core.Progress pipelineOf(MemberState leader, String follower) {
    return ((RoleState.Leader) leader.role()).progress().get(follower);
  }
}
