package io.akkaraft.sim;

import static io.akkaraft.testkit.Logs.terms;
import static io.akkaraft.testkit.MemberStates.FOLLOWER;
import static io.akkaraft.testkit.MemberStates.LEADER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.core.MemberState;
import io.akkaraft.core.Membership;
import io.akkaraft.core.RaftLog;
import io.akkaraft.core.RoleState;
import io.akkaraft.core.JournalEvent;
import io.akkaraft.testkit.MemberStates;
import io.akkaraft.testkit.invariants.Property;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every check of the {@link InvariantChecker} fires on a history that breaks it, and only then. The checks it
 * shares with the in-JVM groups are tested in {@code testkit.invariants} ({@code GroupInvariantsTest},
 * {@code MemberInvariantsTest}); here one of each kind shows the simulator runs them.
 */
class InvariantCheckerTest {
  private static final List<String> IDS = List.of("n1", "n2", "n3");
  private static final Membership MEMBERS = Membership.of(IDS);

  private final Map<String, SimDisk> disks = new HashMap<>();
  private final InvariantChecker checker = new InvariantChecker(IDS, this::disk, () -> 0);

  private SimDisk disk(String id) {
    return disks.computeIfAbsent(id, i -> new SimDisk());
  }

  /** A member whose term, vote and whole log are durable, with its disk to match. */
  private MemberState durable(String id, long term, String vote, RoleState role, long commit, long... logTerms) {
    RaftLog log = terms(logTerms);
    disks.put(id, SimDisk.of(term, vote, log));
    return MemberStates.durable(MEMBERS, id, term, vote, role, commit, log);
  }

  private void assertViolated(Property property) {
    assertNotNull(checker.violation(), "no violation found");
    assertEquals(property, checker.violation().property(), () -> checker.violation().toString());
  }

  @Test
  @DisplayName("a correct history: election, replication, commitment, application, acknowledgement")
  void correctHistoryHasNoViolation() {
    checker.onState("n1", 1, durable("n1", 0, null, FOLLOWER, 0));
    checker.onState("n2", 1, durable("n2", 0, null, FOLLOWER, 0));
    checker.onState("n3", 1, durable("n3", 0, null, FOLLOWER, 0));
    checker.onState("n1", 1, durable("n1", 1, "n1", new RoleState.Candidate(Set.of()), 0));
    checker.onVoteGranted("n2", 1, "n1");
    checker.onState("n2", 1, durable("n2", 1, "n1", FOLLOWER, 0));
    checker.onState("n1", 1, durable("n1", 1, "n1", LEADER, 0, 1, 1));
    checker.onState("n2", 1, durable("n2", 1, "n1", FOLLOWER, 0, 1, 1));
    checker.onApplied("n1", 1, 2, "i2t1");
    checker.onState("n1", 1, durable("n1", 1, "n1", LEADER, 2, 1, 1));
    checker.onAcknowledged("client", "i2t1", 2, "i2t1");
    checker.onTimers("n1", durable("n1", 1, "n1", LEADER, 2, 1, 1), false, true);
    checker.onApplied("n2", 1, 2, "i2t1");
    checker.onState("n2", 1, durable("n2", 1, "n1", FOLLOWER, 2, 1, 1));

    assertNull(checker.violation(), () -> checker.violation().toString());
    assertEquals(2, checker.committedCount());
  }

  @Test
  @DisplayName("Election Safety (shared): at most one leader per term")
  void twoLeadersInOneTermAreCaught() {
    checker.onState("n1", 1, durable("n1", 2, "n1", LEADER, 0, 2));
    checker.onState("n2", 1, durable("n2", 2, "n2", LEADER, 0, 2));
    assertViolated(Property.ELECTION_SAFETY);
  }

  @Test
  @DisplayName("State Machine Safety: no two members apply different commands at one index")
  void differentCommandsAppliedAtOneIndexAreCaught() {
    checker.onState("n1", 1, durable("n1", 1, null, FOLLOWER, 0));
    checker.onState("n2", 1, durable("n2", 1, null, FOLLOWER, 0));
    checker.onApplied("n1", 1, 1, "x");
    checker.onApplied("n2", 1, 1, "y");
    assertViolated(Property.STATE_MACHINE_SAFETY);
  }

  @Test
  @DisplayName("State Machine Safety: only committed entries are applied (Figure 3.1, all servers)")
  void applyingAnUncommittedEntryIsCaught() {
    checker.onState("n1", 1, durable("n1", 1, null, FOLLOWER, 0, 1));
    checker.onApplied("n1", 1, 1, "i1t1");
    checker.onState("n1", 1, durable("n1", 1, null, FOLLOWER, 0, 1, 1));
    assertViolated(Property.STATE_MACHINE_SAFETY);
  }

  @Test
  @DisplayName("Durability: no member votes twice in one term, across crashes too")
  void votingTwiceInATermIsCaught() {
    checker.onVoteGranted("n2", 3, "n1");
    checker.onState("n2", 2, durable("n2", 3, "n3", FOLLOWER, 0));
    assertViolated(Property.DURABILITY);
  }

  @Test
  @DisplayName("Durability: a committed entry is on a majority of disks")
  void entryCommittedWithoutAMajorityOfDisksIsCaught() {
    checker.onState("n1", 1, durable("n1", 1, "n1", LEADER, 1, 1));
    assertViolated(Property.DURABILITY);
  }

  @Test
  @DisplayName("Durability: a committed entry stays on a majority of disks when a disk truncates")
  void committedEntryTruncatedFromADiskIsCaught() {
    checker.onState("n1", 1, durable("n1", 1, "n1", LEADER, 0, 1));
    durable("n2", 1, "n1", FOLLOWER, 0, 1);
    checker.onState("n1", 1, durable("n1", 1, "n1", LEADER, 1, 1));
    assertNull(checker.violation());
    disk("n2").apply(List.of(new JournalEvent.LogTruncated(1)));
    checker.onDiskWrite("n2", 1, "n1", 1);
    assertViolated(Property.DURABILITY);
  }

  @Test
  @DisplayName("Durability: what a member counts as durable is on its disk")
  void durableClaimMissingFromTheDiskIsCaught() {
    MemberState claims = durable("n1", 1, "n1", FOLLOWER, 0, 1);
    disks.put("n1", SimDisk.of(1, "n1", RaftLog.empty()));
    checker.onState("n1", 1, claims);
    assertViolated(Property.DURABILITY);
  }

  @Test
  @DisplayName("Member state (shared): the term never goes back within an incarnation, nor the durable term")
  void termGoingBackIsCaught() {
    checker.onState("n1", 1, durable("n1", 3, null, FOLLOWER, 0));
    checker.onState("n1", 1, durable("n1", 2, null, FOLLOWER, 0));
    assertViolated(Property.MEMBER_STATE);
  }

  @Test
  @DisplayName("Member state (shared): followers have an election timer; leaders a heartbeat timer and no election timer")
  void leaderWithAnElectionTimerIsCaught() {
    checker.onTimers("n2", durable("n2", 1, null, FOLLOWER, 0), true, false);
    assertNull(checker.violation());
    checker.onTimers("n1", durable("n1", 1, "n1", LEADER, 0), true, true);
    assertViolated(Property.MEMBER_STATE);
  }

  @Test
  @DisplayName("Client reply: a command is acknowledged only at the index where it is committed")
  void acknowledgementOfAnUncommittedCommandIsCaught() {
    checker.onAcknowledged("client", "x", 1, "x");
    assertViolated(Property.CLIENT_REPLY);
  }

  @Test
  @DisplayName("Client reply: a command the client was told is rejected, or not taken, is never applied")
  void applyingARefusedCommandIsCaught() {
    checker.onState("n1", 1, durable("n1", 1, null, FOLLOWER, 0));
    checker.onRefused("client", "x", "Rejected[reason=overwritten]");
    checker.onApplied("n1", 1, 1, "x");
    assertViolated(Property.CLIENT_REPLY);
  }

  @Test
  @DisplayName("Linearizable read: a read reflects every write acknowledged before it was sent (§6.4)")
  void staleReadIsCaught() {
    checker.onState("n1", 1, durable("n1", 1, "n1", LEADER, 0, 1, 1));
    durable("n2", 1, "n1", FOLLOWER, 0, 1, 1);
    checker.onState("n1", 1, durable("n1", 1, "n1", LEADER, 2, 1, 1));
    checker.onReadResult("client", "n1", 2, 2, 2L);
    assertNull(checker.violation());
    checker.onReadResult("client", "n3", 2, 1, 1L);
    assertViolated(Property.LINEARIZABLE_READ);
  }

  @Test
  @DisplayName("Durability: the vote on disk never changes within its term")
  void diskChangingItsVoteWithinATermIsCaught() {
    SimDisk disk = disk("n2");
    disk.apply(List.of(new JournalEvent.TermAndVoteChanged(4, "n1")));
    checker.onDiskWrite("n2", 0, null, 0);
    assertNull(checker.violation());
    disk.apply(List.of(new JournalEvent.TermAndVoteChanged(4, "n3")));
    checker.onDiskWrite("n2", 4, "n1", 0);
    assertViolated(Property.DURABILITY);
  }
}
