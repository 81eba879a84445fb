package io.akkaraft.testkit.invariants;

import static io.akkaraft.testkit.Logs.terms;
import static io.akkaraft.testkit.MemberStates.CANDIDATE;
import static io.akkaraft.testkit.MemberStates.FOLLOWER;
import static io.akkaraft.testkit.MemberStates.LEADER;
import static io.akkaraft.testkit.MemberStates.PRE_CANDIDATE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.akkaraft.core.MemberState;
import io.akkaraft.core.Membership;
import io.akkaraft.core.RaftLog;
import io.akkaraft.core.RoleState;
import io.akkaraft.testkit.MemberStates;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every check of one member's own invariants fires on a state (or a step) that breaks it, and only then. */
class MemberInvariantsTest {
  private static final Membership MEMBERS = Membership.of(List.of("n1", "n2", "n3"));

  private final List<String> found = new ArrayList<>();
  private final Violations out = (property, detail) -> found.add(property.title + ": " + detail);

  private static MemberState state(String id, long term, String vote, RoleState role, long commit, RaftLog log) {
    return MemberStates.durable(MEMBERS, id, term, vote, role, commit, log);
  }

  private void step(MemberState p, MemberState s) {
    MemberInvariants.step(s.selfId(), p, s, MemberInvariants.firstChange(p.log(), s.log()), out);
  }

  @Test
  @DisplayName("Member state: log terms never decrease and never exceed the current term")
  void logTermsOutOfOrderAreCaught() {
    MemberInvariants.state("n1", state("n1", 3, null, FOLLOWER, 0, terms(1, 3)), 1, out);
    assertEquals(List.of(), found);
    MemberState s = state("n1", 3, null, FOLLOWER, 0, terms(2, 1));
    MemberInvariants.state("n1", s, 1, out);
    assertEquals(List.of("Member state: n1 has log terms out of order at 2: " + s), found);
  }

  @Test
  @DisplayName("Member state: a member commits only what its log holds")
  void commitBeyondTheLogIsCaught() {
    MemberState s = state("n1", 1, null, FOLLOWER, 2, terms(1));
    MemberInvariants.state("n1", s, 1, out);
    assertEquals(List.of("Member state: n1 committed beyond its log: " + s), found);
  }

  @Test
  @DisplayName("Member state: leaders and candidates voted for themselves; a pre-candidate has not voted yet")
  void candidateWithoutItsOwnVoteIsCaught() {
    MemberInvariants.state("n1", state("n1", 2, null, PRE_CANDIDATE, 0, terms()), 1, out);
    MemberInvariants.state("n1", state("n1", 2, "n1", CANDIDATE, 0, terms()), 1, out);
    assertEquals(List.of(), found);
    MemberState s = state("n1", 2, "n2", CANDIDATE, 0, terms());
    MemberInvariants.state("n1", s, 1, out);
    assertEquals(List.of("Member state: n1 is candidate without its own vote: " + s), found);
  }

  @Test
  @DisplayName("Member state: the term never goes back within an incarnation")
  void termGoingBackIsCaught() {
    step(state("n1", 3, null, FOLLOWER, 0, terms()), state("n1", 2, null, FOLLOWER, 0, terms()));
    assertEquals(List.of("Member state: n1 went back from term 3 to 2"), found);
  }

  @Test
  @DisplayName("Member state: the commit index never goes back within an incarnation")
  void commitIndexGoingDownIsCaught() {
    step(state("n1", 1, null, FOLLOWER, 2, terms(1, 1)), state("n1", 1, null, FOLLOWER, 1, terms(1, 1)));
    assertEquals(List.of("Member state: n1 commit index went back from 2 to 1"), found);
  }

  @Test
  @DisplayName("Member state: a vote is never changed within its term")
  void voteChangedWithinATermIsCaught() {
    step(state("n1", 3, "n2", FOLLOWER, 0, terms()), state("n1", 3, "n3", FOLLOWER, 0, terms()));
    assertEquals(List.of("Member state: n1 changed its vote in term 3 from n2 to n3"), found);
  }

  @Test
  @DisplayName("Member state: a leader advances its commit index only to an entry of its own term (§3.6.2)")
  void leaderCommittingAnEarlierTermEntryByCountingIsCaught() {
    step(state("n1", 2, "n1", LEADER, 0, terms(1, 2)), state("n1", 2, "n1", LEADER, 2, terms(1, 2)));
    assertEquals(List.of(), found, "committing its own term's entry commits the earlier one with it");
    step(state("n1", 2, "n1", LEADER, 0, terms(1, 2)), state("n1", 2, "n1", LEADER, 1, terms(1, 2)));
    assertEquals(
        List.of("Member state: n1 as leader of term 2 committed up to index 1 of term 1 by counting replicas"), found);
  }

  @Test
  @DisplayName("Leader Append-Only: a leader never overwrites or deletes entries in its log")
  void leaderOverwritingAnEntryIsCaught() {
    step(state("n1", 3, "n1", LEADER, 0, terms(1, 3)), state("n1", 3, "n1", LEADER, 0, terms(1, 3, 3)));
    assertEquals(List.of(), found);
    step(state("n1", 3, "n1", LEADER, 0, terms(1, 3)), state("n1", 3, "n1", LEADER, 0, terms(1, 2)));
    assertEquals(List.of("Leader Append-Only: n1 as leader of term 3 changed its log from [1 3] to [1 2]"), found);
  }

  @Test
  @DisplayName("Durability: the durable term never goes back, and the durable vote never changes in its term, across restarts")
  void durableTermAndVoteGoingBackAreCaught() {
    MemberState before = state("n1", 3, "n2", FOLLOWER, 0, terms());
    MemberInvariants.durable("n1", before, state("n1", 4, null, FOLLOWER, 0, terms()), true, out);
    assertEquals(List.of(), found);
    MemberInvariants.durable("n1", before, state("n1", 3, "n3", FOLLOWER, 0, terms()), true, out);
    MemberInvariants.durable("n1", before, state("n1", 2, null, FOLLOWER, 0, terms()), false, out);
    assertEquals(List.of("Durability: n1 durable vote in term 3 changed from n2 to n3 across a restart",
        "Durability: n1 has durable term 2 < 3"), found);
  }

  @Test
  @DisplayName("Member state: followers have an election timer; leaders have a heartbeat timer and no election timer")
  void leaderWithAnElectionTimerIsCaught() {
    MemberInvariants.timers("n2", state("n2", 1, null, FOLLOWER, 0, terms()), true, false, out);
    MemberInvariants.timers("n1", state("n1", 1, "n1", LEADER, 0, terms()), false, true, out);
    assertEquals(List.of(), found);
    MemberInvariants.timers("n1", state("n1", 1, "n1", LEADER, 0, terms()), true, true, out);
    assertEquals(List.of("Member state: n1 leads in term 1 with election timer true, heartbeat true"), found);
  }
}
