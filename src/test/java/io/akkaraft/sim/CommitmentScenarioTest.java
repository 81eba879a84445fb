package io.akkaraft.sim;

import static io.akkaraft.sim.EventQueue.millis;
import static io.akkaraft.testkit.Logs.terms;
import static io.akkaraft.testkit.Logs.termsOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.core.MemberState;
import io.akkaraft.core.RoleState;
import io.akkaraft.core.UnsafeRule;
import io.akkaraft.testkit.invariants.Property;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Commitment (§3.6.2) on the situation of thesis Figure 3.7 (Figure 8 of the paper), five members S1..S5 as
 * n1..n5. The disks hold the history up to (b): S1 led term 2 and put an entry at index 2 on S1 and S2; S5
 * led term 3 and put its own entry at index 2 on itself only. In (c), S1 leads term 4 and brings its term-2
 * entry to S3: now on a majority, yet it must not count as committed, because in (d) S5 can still be elected
 * and overwrite it.
 */
class CommitmentScenarioTest {
  private static final long SLOW_DISK = millis(50);

  /** (c): S1 is elected for term 4 while S4 is cut off and S5 down, and its term-2 entry reaches S3. */
  private static Simulation figure37AtC(UnsafeRule... unsafe) {
    Simulation sim = Simulation.scenario(Simulation.memberIds(5), unsafe)
        .withDisk("n1", 3, null, terms(1, 2))
        .withDisk("n2", 3, null, terms(1, 2))
        .withDisk("n3", 3, "n5", terms(1))
        .withDisk("n4", 3, "n5", terms(1))
        .withDisk("n5", 3, "n5", terms(1, 3))
        // S1's disk is slow, so its followers acknowledge before its own no-op of term 4 is durable.
        .withDiskLatency("n1", SLOW_DISK);
    sim.stopAtViolation = unsafe.length == 0; // with a broken rule, go on to the consequences
    for (String id : sim.ids) {
      if (!id.equals("n5")) sim.tune(id, s -> s.withElectionTimeout(Duration.ofSeconds(2), Duration.ofSeconds(3)));
    }
    sim.start("n1", "n2", "n3", "n4");
    sim.network.isolate("n4");
    assertTrue(sim.awaitRecovered(), sim.report(50));
    sim.electionTimeoutNow("n1");
    boolean replicated = sim.runUntil(() -> sim.isLeader("n1")
        && matchIndex(sim.state("n1"), "n2") >= 3 && matchIndex(sim.state("n1"), "n3") >= 3, millis(200));
    assertTrue(replicated, () -> sim.report(60));
    assertTrue(sim.disk("n3").holds(sim.disk("n1").entry(2)), "S1's term-2 entry is on S1, S2 and S3");
    return sim;
  }

  /** (d): S1 crashes before its term-4 entry is on a majority; S5 is elected with the votes of S1 and S4. */
  private static void s1CrashesAndS5IsElected(Simulation sim) {
    sim.crash("n1");
    sim.network.heal();
    sim.restart("n5");
    sim.restart("n1");
    assertTrue(sim.awaitRecovered(), sim.report(50));
    sim.electionTimeoutNow("n5"); // term 4: S1 (its own vote), S2 and S3 (for S1) refuse; S4 grants
    sim.runFor(millis(10));
    sim.electionTimeoutNow("n5"); // term 5: S1 and S4 grant, S5's last entry (3/2) being more up to date
    assertTrue(sim.runUntil(() -> sim.isLeader("n5")
        && sim.state("n2") != null && sim.state("n2").log().termAt(2) == 3, millis(300)), () -> sim.report(80));
  }

  @Test
  @DisplayName("§3.6.2, Figure 3.7 (c, d): an earlier term's entry on a majority is not committed by counting, so S5 may overwrite it")
  void leaderNeverCommitsAnEarlierTermEntryByCountingReplicas() {
    Simulation sim = figure37AtC();

    assertEquals(0, sim.state("n1").commitIndex(), "S1 must not count its term-2 entry as committed");

    s1CrashesAndS5IsElected(sim);
    assertArrayEquals(new long[] {1, 3, 5}, termsOf(sim.state("n2").log()), "S5's entry replaced the uncommitted one on S2");
    assertNull(sim.violation(), () -> sim.report(80));
  }

  @Test
  @DisplayName("§3.6.2, Figure 3.7 (e): the earlier term's entry commits once an entry of the leader's term is on a majority")
  void leaderCommitsEarlierTermEntryOnlyWithAnEntryOfItsOwnTerm() {
    Simulation sim = figure37AtC();

    assertTrue(sim.runUntil(() -> sim.state("n1").commitIndex() == 3, SLOW_DISK * 2), () -> sim.report(60));
    sim.crash("n1");
    sim.network.heal();
    sim.restart("n5");
    assertTrue(sim.awaitRecovered(), sim.report(50));
    sim.electionTimeoutNow("n5");
    sim.runFor(millis(20));
    sim.electionTimeoutNow("n5");
    sim.runFor(millis(100));

    assertFalse(sim.isLeader("n5"), "S2 and S3 hold an entry of term 4 and refuse S5 (§3.6.1)");
    assertArrayEquals(new long[] {1, 2, 4}, termsOf(sim.state("n2").log()));
    assertNull(sim.violation(), () -> sim.report(80));
  }

  @Test
  @DisplayName("§3.6.2, Figure 3.7: with commitment by counting switched on, the checker sees a committed entry lost")
  void committingAnEarlierTermEntryByCountingLosesItWhenS5IsElected() {
    Simulation sim = figure37AtC(UnsafeRule.COMMIT_OLD_TERM_BY_COUNTING);

    assertEquals(2, sim.state("n1").commitIndex(), "the broken rule counted S1, S2 and S3");
    s1CrashesAndS5IsElected(sim);

    var found = sim.checker.violations().stream().map(InvariantChecker.Violation::property).toList();
    assertTrue(found.contains(Property.MEMBER_STATE), () -> "the commit rule check fires: " + found);
    assertTrue(found.contains(Property.LEADER_COMPLETENESS), () -> "S5 leads without the committed entry: " + found
        + "\n" + sim.report(80));
  }

  private static long matchIndex(MemberState leader, String follower) {
    if (leader == null || !(leader.role() instanceof RoleState.Leader role)) return -1;
    return role.progress().get(follower).matchIndex();
  }
}
