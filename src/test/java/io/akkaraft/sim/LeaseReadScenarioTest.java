package io.akkaraft.sim;

import static io.akkaraft.sim.EventQueue.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.ClientProtocol.NotLeader;
import io.akkaraft.ClientProtocol.ReadResult;
import io.akkaraft.core.UnsafeRule;
import io.akkaraft.testkit.invariants.Property;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Lease-based reads (§6.4.1) and the leader stickiness they rely on (§4.2.3), on exact situations. */
class LeaseReadScenarioTest {
  private static final List<String> IDS = Simulation.memberIds(3);

  @Test
  @DisplayName("§6.4.1: while its lease holds, a leader answers a linearizable read without any message")
  void leaderAnswersReadsFromItsLeaseWithoutARoundTrip() {
    Simulation sim = leaderN1WithLease();
    sim.network.isolate("n1");
    ReadRequest read = sim.read("client", "n1", millis(1));
    sim.runFor(millis(5));

    assertInstanceOf(ReadResult.class, read.reply, () -> "no answer from the lease: " + sim.report(40));
    assertTrue(((ReadResult) read.reply).index() >= 2, "the read reflects the committed write");
    assertNull(sim.violation(), () -> sim.report(40));
  }

  @Test
  @DisplayName("§6.4.1: a leader cut off from its majority stops answering from its lease once it expires")
  void isolatedLeaderAnswersNoReadAfterItsLeaseExpired() {
    Simulation sim = leaderN1WithLease();
    sim.network.isolate("n1");
    sim.runFor(millis(150)); // longer than the lease: election-timeout-min 150ms / drift bound 1.1
    ReadRequest read = sim.read("client", "n1", millis(1));
    sim.runFor(millis(100));

    assertFalse(read.reply instanceof ReadResult, () -> "answered from an expired lease: " + read.reply);
    assertNull(sim.violation(), () -> sim.report(40));
  }

  @Test
  @DisplayName("§4.2.3: a member that hears from a leader ignores vote requests, so a cut-off member cannot take over")
  void followerThatHearsFromTheLeaderIgnoresVoteRequests() {
    Simulation sim = leaderN1WithLease();
    n3LosesTheLeaderAndStandsWhileN2StillHearsIt(sim);
    sim.runFor(millis(20));

    assertFalse(sim.isLeader("n3"), () -> "n2 voted while it heard from n1: " + sim.report(40));
    assertEquals(1, sim.state("n2").currentTerm(), "the vote request did not even raise n2's term");
    Submission write = sim.submit("client", "n3", "b", millis(1));
    ReadRequest read = sim.read("client", "n1", millis(1));
    sim.runFor(millis(10));
    assertInstanceOf(NotLeader.class, write.reply);
    assertNotNull(read.reply, "n1 still leads");
    assertNull(sim.violation(), () -> sim.report(60));
  }

  @Test
  @DisplayName("§6.4.1, broken on purpose: without §4.2.3 a new leader commits while the old one's lease holds, and a lease read is stale")
  void withoutStickinessALeaseReadMissesAWriteAcknowledgedByTheNewLeader() {
    Simulation sim = leaderN1WithLease(UnsafeRule.VOTE_DESPITE_RECENT_LEADER);
    sim.stopAtViolation = false;
    n3LosesTheLeaderAndStandsWhileN2StillHearsIt(sim);
    assertTrue(sim.runUntil(() -> sim.isLeader("n3"), millis(20)), () -> sim.report(40));
    Submission write = sim.submit("client", "n3", "b", millis(1));
    assertTrue(sim.runUntil(write::committed, millis(20)), () -> sim.report(40));
    ReadRequest read = sim.read("client", "n1", millis(1));
    sim.runFor(millis(5));

    assertInstanceOf(ReadResult.class, read.reply, () -> "n1 still answers from its lease: " + sim.report(40));
    assertTrue(sim.checker.violations().stream().anyMatch(v -> v.property() == Property.LINEARIZABLE_READ),
        () -> sim.checker.violations() + "\n" + sim.report(60));
  }

  /** n1 leads term 1 with lease reads on everywhere, "a" is applied everywhere, and n1 holds its lease. */
  private static Simulation leaderN1WithLease(UnsafeRule... unsafe) {
    Simulation sim = Simulation.scenario(IDS, unsafe);
    for (String id : IDS) sim.tune(id, s -> s.withLeaseReads(true, 1.1));
    sim.start();
    assertTrue(sim.awaitRecovered(), sim.report(40));
    sim.runFor(millis(150)); // a freshly started member refuses votes for election-timeout-min
    assertTrue(sim.elect("n1"), () -> sim.report(40));
    Submission a = sim.submit("client", "n1", "a", millis(1));
    assertTrue(sim.runUntil(() -> a.committed() && IDS.stream().allMatch(id -> sim.stateMachine(id).hasApplied("a")),
        millis(100)), () -> sim.report(40));
    sim.runFor(millis(40)); // a heartbeat round acknowledged: the lease holds
    return sim;
  }

  /**
   * n1 and n3 lose each other, and n1 no longer hears n2 (but n2 still hears n1): n3 stands for term 2 at once,
   * asking n2, which acknowledged n1's heartbeats a moment ago.
   */
  private static void n3LosesTheLeaderAndStandsWhileN2StillHearsIt(Simulation sim) {
    sim.network.cut("n1", "n3");
    sim.network.cutOneWay("n2", "n1");
    sim.electionTimeoutNow("n3");
  }
}
