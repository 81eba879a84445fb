package io.akkaraft.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.core.Durable;
import io.akkaraft.core.LogEntry;
import io.akkaraft.core.MemberState;
import io.akkaraft.core.Membership;
import io.akkaraft.core.RaftLog;
import io.akkaraft.core.RoleState;
import io.akkaraft.role.RaftMember.StateObserver;
import io.akkaraft.testkit.invariants.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The in-JVM group's observer must be able to fail: each check is fed a state that breaks it. The checks are
 * the shared {@link io.akkaraft.testkit.invariants.GroupInvariants}; this shows the observer feeds them, across
 * restarts too.
 */
class GroupObserverTest {
  private static final Membership MEMBERS = Membership.of(List.of("a", "b", "c"));

  /** A log with one no-op per given term, at indices 1, 2, ... */
  private static RaftLog log(long... terms) {
    List<LogEntry> entries = new ArrayList<>();
    for (int i = 0; i < terms.length; i++) entries.add(LogEntry.noOp(terms[i], i + 1));
    return RaftLog.of(entries);
  }

  private static MemberState follower(String id, long term, String vote, RaftLog log, long commit) {
    return new MemberState(id, MEMBERS, term, vote, log, commit, null, new RoleState.Follower(),
        new Durable(term, vote, log.lastIndex()));
  }

  private static MemberState leader(String id, long term, RaftLog log, long commit) {
    return new MemberState(id, MEMBERS, term, id, log, commit, id, new RoleState.Leader(Map.of()),
        new Durable(term, id, log.lastIndex()));
  }

  @Test
  void aConsistentHistoryHasNoViolations() {
    GroupObserver observer = new GroupObserver();
    StateObserver a = observer.forIncarnation("a");
    StateObserver b = observer.forIncarnation("b");
    a.onState(follower("a", 0, null, log(), 0));
    a.onState(leader("a", 1, log(1), 1));
    b.onState(follower("b", 1, "a", log(1), 1));
    b.onState(leader("b", 2, log(1, 2), 2));
    observer.assertNoViolations();
    assertEquals(Map.of(1L, Set.of("a"), 2L, Set.of("b")), observer.leadersByTerm());
  }

  @Test
  void twoLeadersInOneTermAreCaught() {
    GroupObserver observer = new GroupObserver();
    observer.forIncarnation("a").onState(leader("a", 1, log(1), 0));
    observer.forIncarnation("b").onState(leader("b", 1, log(1), 0));
    assertViolation(observer, Property.ELECTION_SAFETY, "a and b were both leaders of term 1");
  }

  @Test
  void aVoteForgottenAcrossARestartIsCaught() {
    GroupObserver observer = new GroupObserver();
    observer.forIncarnation("a").onState(follower("a", 3, "b", log(), 0));
    observer.forIncarnation("a").onState(follower("a", 3, "c", log(), 0));
    assertViolation(observer, Property.DURABILITY, "a durable vote in term 3 changed from b to c across a restart");
  }

  @Test
  void aTermLostAcrossARestartIsCaught() {
    GroupObserver observer = new GroupObserver();
    observer.forIncarnation("a").onState(follower("a", 3, null, log(), 0));
    observer.forIncarnation("a").onState(follower("a", 2, null, log(), 0));
    assertViolation(observer, Property.DURABILITY, "a recovered durable term 2 < 3");
  }

  @Test
  void aLeaderWithoutAnEarlierCommittedEntryIsCaught() {
    GroupObserver observer = new GroupObserver();
    observer.forIncarnation("a").onState(leader("a", 1, log(1, 1), 2));
    observer.forIncarnation("b").onState(leader("b", 2, log(1, 2), 0));
    assertViolation(observer, Property.LEADER_COMPLETENESS,
        "b became leader of term 2 without entry 1/2(noop) committed in term 1");
  }

  @Test
  void divergentCommittedEntriesAreCaught() {
    GroupObserver observer = new GroupObserver();
    observer.forIncarnation("a").onState(leader("a", 2, log(1, 2), 2));
    observer.forIncarnation("c").onState(follower("c", 3, null, log(1, 3), 2));
    assertViolation(observer, Property.STATE_MACHINE_SAFETY,
        "c committed 3/2(noop) at index 2, where 2/2(noop) was committed in term 2");
  }

  @Test
  void brokenLogMatchingIsCaught() {
    GroupObserver observer = new GroupObserver();
    List<LogEntry> first = List.of(LogEntry.noOp(1, 1), LogEntry.noOp(2, 2));
    List<LogEntry> second = List.of(LogEntry.noOp(3, 1), LogEntry.noOp(2, 2)); // same last entry, other past
    observer.forIncarnation("a").onState(follower("a", 3, null, RaftLog.of(first), 0));
    observer.forIncarnation("b").onState(follower("b", 3, null, RaftLog.of(second), 0));
    assertViolation(observer, Property.LOG_MATCHING, "b has 2/2(noop) after term 3, but a had 2/2(noop) after term 1");
  }

  @Test
  void commitIndexGoingDownWithinAnIncarnationIsCaught() {
    GroupObserver observer = new GroupObserver();
    StateObserver a = observer.forIncarnation("a");
    a.onState(follower("a", 1, null, log(1, 1), 2));
    a.onState(follower("a", 1, null, log(1, 1), 1));
    assertViolation(observer, Property.MEMBER_STATE, "a commit index went back from 2 to 1");
  }

  /** The observer reports a violation of {@code property} whose detail contains {@code detail}. */
  private static void assertViolation(GroupObserver observer, Property property, String detail) {
    String expected = property.title + ": " + detail;
    AssertionError error = assertThrows(AssertionError.class, observer::assertNoViolations);
    assertTrue(error.getMessage().contains(expected), error.getMessage());
  }
}
