package io.akkaraft.sim;

import static io.akkaraft.sim.EventQueue.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.ClientProtocol.OutcomeUnknown;
import io.akkaraft.core.MemberState;
import io.akkaraft.core.RoleState;
import io.akkaraft.core.UnsafeRule;
import io.akkaraft.testkit.invariants.Property;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Elections (§3.4) and persistence of the vote (Figure 3.1) on exact situations. */
class ElectionScenarioTest {

  @Test
  @DisplayName("§3.4, §3.6: a leader isolated in a minority cannot commit; once healed it steps down and its entry is replaced")
  void leaderIsolatedInMinorityCannotCommitAndStepsDownWhenHealed() {
    List<String> ids = Simulation.memberIds(5);
    Simulation sim = Simulation.scenario(ids);
    sim.start();
    assertTrue(sim.awaitRecovered(), sim.report(50));
    assertTrue(sim.elect("n1"), () -> sim.report(40));
    Submission before = sim.submit("client", "n1", "before", millis(1));
    assertTrue(sim.runUntil(() -> ids.stream().allMatch(id -> sim.stateMachine(id).hasApplied("before")), millis(200)),
        () -> sim.report(60));

    sim.network.partition(List.of("n1", "n2"));
    Submission minority = sim.submit("client", "n1", "in-minority", millis(1));
    assertTrue(sim.runUntil(() -> newLeaderAmong(sim, List.of("n3", "n4", "n5")) != null, millis(1000)),
        () -> sim.report(60));
    String newLeader = newLeaderAmong(sim, List.of("n3", "n4", "n5"));
    Submission majority = sim.submit("client", newLeader, "in-majority", millis(1));
    assertTrue(sim.runUntil(majority::committed, millis(200)), () -> sim.report(60));

    assertEquals(2, sim.state("n1").commitIndex(), "n1 cannot commit 'in-minority' (index 3) with n2 alone");
    assertFalse(minority.committed());

    sim.network.heal();
    boolean healed = sim.runUntil(() -> sim.state("n1").isFollower() && minority.reply != null
        && sim.stateMachine("n1").hasApplied("in-majority"), millis(500));

    assertTrue(healed, () -> sim.report(80));
    assertInstanceOf(OutcomeUnknown.class, minority.reply, "its leadership ended before the entry committed");
    for (String id : ids) {
      assertFalse(sim.stateMachine(id).hasApplied("in-minority"), id + " applied the minority's entry");
      assertTrue(sim.stateMachine(id).hasApplied("before"), id);
    }
    assertTrue(before.committed());
    assertNull(sim.violation(), () -> sim.report(80));
  }

  @Test
  @DisplayName("Check quorum: a leader that no majority answers for an election timeout steps down in its own term")
  void leaderCutOffFromEveryFollowerStepsDownInItsOwnTerm() {
    Simulation sim = Simulation.scenario(Simulation.memberIds(3));
    sim.start();
    assertTrue(sim.awaitRecovered(), sim.report(40));
    assertTrue(sim.elect("n1"), () -> sim.report(40));
    long term = sim.state("n1").currentTerm();
    ReadRequest waiting = sim.read("client", "n1", millis(1));

    sim.network.isolate("n1");
    // election-timeout-max of the test configuration is 300ms; the leader checks on every heartbeat (30ms)
    assertTrue(sim.runUntil(() -> !sim.isLeader("n1"), millis(400)), () -> sim.report(40));

    MemberState n1 = sim.state("n1");
    assertEquals(term, n1.currentTerm(), "stepping down does not start a term");
    assertNull(n1.leaderId(), "it no longer names itself to clients");
    assertTrue(waiting.reply == null || !(waiting.reply instanceof io.akkaraft.ClientProtocol.ReadResult),
        () -> "a read answered without a majority: " + waiting.reply);
    assertNull(sim.violation(), () -> sim.report(60));
  }

  @Test
  @DisplayName("§4.2.3: a leader that a majority answers ignores a vote request for a later term")
  void leaderThatAMajorityAnswersIgnoresADisruptiveCandidate() {
    Simulation sim = Simulation.scenario(Simulation.memberIds(3));
    sim.start();
    assertTrue(sim.awaitRecovered(), sim.report(40));
    assertTrue(sim.elect("n1"), () -> sim.report(40));
    sim.runFor(millis(50));

    sim.network.cutOneWay("n1", "n3"); // n3 no longer hears the leader; its requests still reach everyone
    sim.electionTimeoutNow("n3");
    sim.runFor(millis(100));

    assertTrue(sim.isLeader("n1"), () -> "n3 deposed a leader that n2 still followed: " + sim.report(40));
    assertEquals(1, sim.state("n1").currentTerm());
    assertEquals(1, sim.state("n2").currentTerm());
    Submission write = sim.submit("client", "n1", "still-leads", millis(1));
    assertTrue(sim.runUntil(write::committed, millis(100)), () -> sim.report(40));
    assertNull(sim.violation(), () -> sim.report(60));
  }

  @Test
  @DisplayName("Figure 3.1 (votedFor on stable storage): a member restarted after its vote is durable refuses a second candidate of that term")
  void memberRestartedMidElectionAfterItsVoteIsDurableRefusesAnotherCandidate() {
    Simulation sim = twoCandidatesForTermOne();
    sim.electionTimeoutNow("n1");
    assertTrue(sim.runUntil(() -> "n1".equals(sim.disk("n2").votedFor()), millis(50)), () -> sim.report(40));

    sim.crash("n2");
    sim.restart("n2");
    assertTrue(sim.awaitRecovered(), sim.report(40));
    assertEquals(1, sim.state("n2").currentTerm());
    assertEquals("n1", sim.state("n2").votedFor(), "the vote survived the crash");
    sim.electionTimeoutNow("n3"); // term 1 as well: n3 never heard of n1's election
    sim.runFor(millis(20));

    MemberState n3 = sim.state("n3");
    assertEquals(1, n3.currentTerm());
    assertTrue(n3.role() instanceof RoleState.Candidate c && c.grantedBy().isEmpty(), () -> "n2 granted n3: " + n3);
    assertTrue(sim.isLeader("n1"));
    assertNull(sim.violation(), () -> sim.report(60));
  }

  @Test
  @DisplayName("Figure 3.1 (persist before responding): a vote lost in a crash before it was durable was never cast")
  void memberThatCrashesBeforeItsVoteIsDurableHasNotVoted() {
    Simulation sim = twoCandidatesForTermOne();
    crashVoterBeforeItsVoteIsDurableThenLetN3Stand(sim);

    assertTrue(sim.runUntil(() -> sim.isLeader("n3"), millis(50)), () -> sim.report(60));
    assertFalse(sim.isLeader("n1"), "n1 never received n2's grant");
    assertEquals(1, sim.state("n3").currentTerm());
    assertNull(sim.violation(), () -> sim.report(60));
  }

  @Test
  @DisplayName("Figure 3.1, broken on purpose: granting a vote before it is durable lets a restarted member vote twice in a term")
  void grantingBeforeTheVoteIsDurableLetsARestartedMemberVoteTwice() {
    Simulation sim = twoCandidatesForTermOne(UnsafeRule.REPLY_BEFORE_DURABLE);
    sim.stopAtViolation = false;
    crashVoterBeforeItsVoteIsDurableThenLetN3Stand(sim);
    sim.runFor(millis(50));

    var found = sim.checker.violations();
    assertNotNull(sim.violation(), sim.report(60));
    assertTrue(found.stream().anyMatch(v -> v.property() == Property.DURABILITY
        && v.detail().contains("n2 voted for n1 and then for n3 in term 1")), () -> found + "\n" + sim.report(60));
    assertTrue(found.stream().anyMatch(v -> v.property() == Property.ELECTION_SAFETY),
        () -> "n1 and n3 both lead term 1: " + found + "\n" + sim.report(60));
  }

  /**
   * n2 votes for n1 in term 1 and crashes before the vote is on its disk; it restarts and, before it hears
   * from n1 again, n3 asks for its vote in term 1.
   */
  private static void crashVoterBeforeItsVoteIsDurableThenLetN3Stand(Simulation sim) {
    sim.electionTimeoutNow("n1");
    assertTrue(sim.runUntil(() -> "n1".equals(sim.state("n2").votedFor()), millis(50)), () -> sim.report(40));
    assertNull(sim.disk("n2").votedFor(), "the vote is not yet durable");
    sim.crash("n2");
    sim.network.cutOneWay("n1", "n2");
    sim.restart("n2");
    assertTrue(sim.awaitRecovered(), sim.report(40));
    assertEquals(0, sim.state("n2").currentTerm(), "the unfinished write is lost");
    sim.electionTimeoutNow("n3");
  }

  /** Three members where n1 and n3 cannot reach each other, so both can stand for term 1 with n2 as judge. */
  /** Without Pre-Vote, so that a member cut off from the first candidate really stands in the same term. */
  private static Simulation twoCandidatesForTermOne(UnsafeRule... unsafe) {
    Simulation sim = Simulation.scenario(Simulation.memberIds(3), unsafe);
    for (String id : Simulation.memberIds(3)) sim.tune(id, s -> s.withPreVote(false));
    sim.start();
    assertTrue(sim.awaitRecovered(), sim.report(40));
    sim.network.cut("n1", "n3");
    return sim;
  }

  private static String newLeaderAmong(Simulation sim, List<String> ids) {
    long oldTerm = sim.state("n1").currentTerm();
    for (String id : ids) {
      MemberState s = sim.state(id);
      if (s != null && s.isLeader() && s.currentTerm() > oldTerm) return id;
    }
    return null;
  }
}
