package io.akkaraft.testkit.invariants;

import static io.akkaraft.testkit.Logs.noOps;
import static io.akkaraft.testkit.Logs.terms;
import static io.akkaraft.testkit.MemberStates.FOLLOWER;
import static io.akkaraft.testkit.MemberStates.LEADER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.core.LogEntry;
import io.akkaraft.core.MemberState;
import io.akkaraft.core.Membership;
import io.akkaraft.core.RaftLog;
import io.akkaraft.core.RoleState;
import io.akkaraft.testkit.MemberStates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every group-wide check of thesis Figure 3.2 fires on a history that breaks it, and only then. These checks
 * serve the simulator and the in-JVM groups alike; each harness's own test shows it feeds them.
 */
class GroupInvariantsTest {
  private static final Membership MEMBERS = Membership.of(List.of("n1", "n2", "n3"));

  private record Found(Property property, String detail) {}

  private final List<Found> found = new ArrayList<>();
  private final GroupInvariants invariants =
      new GroupInvariants((property, detail) -> found.add(new Found(property, detail)), LogEntry::toString);
  private final Map<String, MemberState> previous = new HashMap<>();

  /** Member {@code id} reports a state, after its previous one (if any) in the same incarnation. */
  private void report(String id, long term, String vote, RoleState role, long commit, RaftLog log) {
    MemberState s = MemberStates.durable(MEMBERS, id, term, vote, role, commit, log);
    invariants.onState(id, previous.put(id, s), s);
  }

  private void assertViolated(Property property, String detail) {
    assertFalse(found.isEmpty(), "no violation found");
    assertEquals(new Found(property, detail), found.get(0), found::toString);
  }

  @Test
  @DisplayName("a correct history: election, replication, commitment, a later leader holding it")
  void correctHistoryHasNoViolation() {
    report("n1", 1, "n1", new RoleState.Candidate(Set.of()), 0, terms());
    report("n1", 1, "n1", LEADER, 0, terms(1, 1));
    report("n2", 1, "n1", FOLLOWER, 0, terms(1, 1));
    report("n1", 1, "n1", LEADER, 2, terms(1, 1));
    report("n2", 1, "n1", FOLLOWER, 2, terms(1, 1));
    report("n2", 2, "n2", LEADER, 2, terms(1, 1, 2));

    assertEquals(List.of(), found);
    assertEquals(2, invariants.committedCount());
    assertEquals(Map.of(1L, Set.of("n1"), 2L, Set.of("n2")), invariants.leadersByTerm());
  }

  @Test
  @DisplayName("Election Safety: at most one leader per term")
  void twoLeadersInOneTermAreCaught() {
    report("n1", 2, "n1", LEADER, 0, terms(2));
    report("n2", 2, "n2", LEADER, 0, terms(2));
    assertViolated(Property.ELECTION_SAFETY, "n1 and n2 were both leaders of term 2");
  }

  @Test
  @DisplayName("Leader Append-Only: a leader never overwrites or deletes entries in its log")
  void leaderRemovingAnEntryIsCaught() {
    report("n1", 1, "n1", LEADER, 0, terms(1, 1));
    report("n1", 1, "n1", LEADER, 0, terms(1));
    assertViolated(Property.LEADER_APPEND_ONLY, "n1 as leader of term 1 changed its log from [1 1] to [1]");
  }

  @Test
  @DisplayName("Log Matching: logs with an entry of the same index and term are identical up to it")
  void sameEntryAfterDifferentPrefixesIsCaught() {
    report("n1", 2, null, FOLLOWER, 0, terms(1, 1, 2));
    report("n2", 2, null, FOLLOWER, 0, terms(2, 2, 2));
    assertEquals(Property.LOG_MATCHING, found.get(0).property(), found::toString);
  }

  @Test
  @DisplayName("Log Matching: the same last entry after another past is caught")
  void sameLastEntryAfterAnotherPastIsCaught() {
    report("n1", 3, null, FOLLOWER, 0, noOps(1, 2));
    report("n2", 3, null, FOLLOWER, 0, noOps(3, 2));
    assertTrue(found.contains(
        new Found(Property.LOG_MATCHING, "n2 has 2/2(noop) after term 3, but n1 had 2/2(noop) after term 1")),
        found::toString);
  }

  @Test
  @DisplayName("Leader Completeness: an entry committed in a term is in the log of every later leader")
  void leaderWithoutACommittedEntryIsCaught() {
    report("n1", 1, "n1", LEADER, 0, terms(1));
    report("n1", 1, "n1", LEADER, 1, terms(1));
    report("n3", 2, "n3", LEADER, 0, terms(2));
    assertEquals(Property.LEADER_COMPLETENESS, found.get(0).property(), found::toString);
  }

  @Test
  @DisplayName("Leader Completeness: also for a leader elected before the commit was seen")
  void leaderElectedBeforeTheCommitWasSeenIsCaught() {
    report("n3", 2, "n3", LEADER, 0, terms(2));
    report("n1", 1, "n1", LEADER, 1, terms(1));
    assertViolated(Property.LEADER_COMPLETENESS, "n3 became leader of term 2 without entry 1/1, committed in term 1");
  }

  @Test
  @DisplayName("Leader Completeness: a leader of a later term lacking an entry committed in an earlier one")
  void leaderWithoutAnEarlierCommittedEntryIsCaught() {
    report("n1", 1, "n1", LEADER, 2, noOps(1, 1));
    report("n2", 2, "n2", LEADER, 0, noOps(1, 2));
    assertViolated(Property.LEADER_COMPLETENESS,
        "n2 became leader of term 2 without entry 1/2(noop) committed in term 1; its log is [1 2]");
  }

  @Test
  @DisplayName("State Machine Safety: no two members commit different entries at one index")
  void differentEntriesCommittedAtOneIndexAreCaught() {
    report("n1", 1, "n1", LEADER, 0, terms(1));
    report("n1", 1, "n1", LEADER, 1, terms(1));
    report("n3", 2, null, FOLLOWER, 1, terms(2));
    assertViolated(Property.STATE_MACHINE_SAFETY, "n3 committed 2/1 at index 1, where 1/1 was committed in term 1");
  }

  @Test
  @DisplayName("State Machine Safety: a member committing another entry than the leader did")
  void divergentCommittedEntriesAreCaught() {
    report("n1", 2, "n1", LEADER, 2, noOps(1, 2));
    report("n3", 3, null, FOLLOWER, 2, noOps(1, 3));
    assertViolated(Property.STATE_MACHINE_SAFETY,
        "n3 committed 3/2(noop) at index 2, where 2/2(noop) was committed in term 2");
  }
}
