package io.akkaraft.testkit;

import static io.akkaraft.testkit.Logs.noOps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.core.MemberState;
import io.akkaraft.core.Membership;
import io.akkaraft.core.RaftLog;
import io.akkaraft.role.RaftMember.StateObserver;
import io.akkaraft.testkit.invariants.Property;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The in-JVM group's observer must be able to fail. Its checks are the shared ones of {@code
 * testkit.invariants}, tested there ({@code GroupInvariantsTest}, {@code MemberInvariantsTest}); here one
 * of each kind shows the observer feeds them, per incarnation and across restarts.
 */
class GroupObserverTest {
  private static final Membership MEMBERS = Membership.of(List.of("a", "b", "c"));

  private static MemberState follower(String id, long term, String vote, RaftLog log, long commit) {
    return MemberStates.durable(MEMBERS, id, term, vote, MemberStates.FOLLOWER, commit, log);
  }

  private static MemberState leader(String id, long term, RaftLog log, long commit) {
    return MemberStates.durable(MEMBERS, id, term, id, MemberStates.LEADER, commit, log);
  }

  @Test
  void aConsistentHistoryHasNoViolations() {
    GroupObserver observer = new GroupObserver();
    StateObserver a = observer.forIncarnation("a");
    StateObserver b = observer.forIncarnation("b");
    a.onState(follower("a", 0, null, noOps(), 0));
    a.onState(leader("a", 1, noOps(1), 1));
    b.onState(follower("b", 1, "a", noOps(1), 1));
    b.onState(leader("b", 2, noOps(1, 2), 2));
    observer.assertNoViolations();
    assertEquals(Map.of(1L, Set.of("a"), 2L, Set.of("b")), observer.leadersByTerm());
  }

  @Test
  void twoLeadersInOneTermAreCaught() {
    GroupObserver observer = new GroupObserver();
    observer.forIncarnation("a").onState(leader("a", 1, noOps(1), 0));
    observer.forIncarnation("b").onState(leader("b", 1, noOps(1), 0));
    assertViolation(observer, Property.ELECTION_SAFETY, "a and b were both leaders of term 1");
  }

  @Test
  void aVoteForgottenAcrossARestartIsCaught() {
    GroupObserver observer = new GroupObserver();
    observer.forIncarnation("a").onState(follower("a", 3, "b", noOps(), 0));
    observer.forIncarnation("a").onState(follower("a", 3, "c", noOps(), 0));
    assertViolation(observer, Property.DURABILITY, "a durable vote in term 3 changed from b to c across a restart");
  }

  @Test
  void aTermLostAcrossARestartIsCaught() {
    GroupObserver observer = new GroupObserver();
    observer.forIncarnation("a").onState(follower("a", 3, null, noOps(), 0));
    observer.forIncarnation("a").onState(follower("a", 2, null, noOps(), 0));
    assertViolation(observer, Property.DURABILITY, "a recovered durable term 2 < 3");
  }

  @Test
  void commitIndexGoingDownWithinAnIncarnationIsCaught() {
    GroupObserver observer = new GroupObserver();
    StateObserver a = observer.forIncarnation("a");
    a.onState(follower("a", 1, null, noOps(1, 1), 2));
    a.onState(follower("a", 1, null, noOps(1, 1), 1));
    assertViolation(observer, Property.MEMBER_STATE, "a commit index went back from 2 to 1");
  }

  /** The observer reports a violation of {@code property} whose detail contains {@code detail}. */
  private static void assertViolation(GroupObserver observer, Property property, String detail) {
    String expected = property.title + ": " + detail;
    AssertionError error = assertThrows(AssertionError.class, observer::assertNoViolations);
    assertTrue(error.getMessage().contains(expected), error.getMessage());
  }
}
