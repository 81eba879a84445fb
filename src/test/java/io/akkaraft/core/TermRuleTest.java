package io.akkaraft.core;

import static io.akkaraft.testkit.Logs.terms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.core.Members.Role;
import io.akkaraft.core.PeerProtocol.AppendEntries;
import io.akkaraft.core.PeerProtocol.AppendReply;
import io.akkaraft.core.PeerProtocol.PeerMessage;
import io.akkaraft.core.PeerProtocol.RequestVote;
import io.akkaraft.core.PeerProtocol.VoteReply;
import io.akkaraft.testkit.Logs;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Figure 3.1, "All Servers": the one term check that every peer message passes before any role sees it
 * ({@link TermRule}), in every role.
 */
class TermRuleTest {
  private final RaftRules rules = new RaftRules(new ReplicationLimits(64, 1 << 20, 4));
  private final Membership abc = Members.group("a", "b", "c");

  /** Member "b" of term 5 in the given role, with log [1 1]. */
  private MemberState b(Role role) {
    return role.of("b", abc, 5, terms(1, 1));
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  @DisplayName("Figure 3.1, All Servers: an AppendEntries of a later term makes any member a follower of that term with no vote")
  void laterTermAppendEntriesMakesFollowerOfThatTerm(Role role) {
    Step step = rules.onMessage(b(role), new AppendEntries(7, "a", 2, 1, List.of(), 0));
    MemberState s = step.state();
    assertTrue(s.isFollower());
    assertEquals(7, s.currentTerm());
    assertNull(s.votedFor(), "the vote of term 5 does not carry over");
    assertEquals("a", s.leaderId(), "and then handles the message as a follower");
    assertEquals(List.of(new JournalEvent.TermAndVoteChanged(7, null)), step.events());
    assertEquals(List.of(new Envelope("a", AppendReply.accepted(7, "b", 2, 0))), step.sendAfterDurable());
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  @DisplayName("Figure 3.1, All Servers: a response of a later term makes any member a follower of that term with no vote")
  void laterTermResponseMakesFollowerWithNoVote(Role role) {
    List<PeerMessage> responses = List.of(
        new VoteReply(7, "a", false),
        new VoteReply(7, "a", true),
        AppendReply.rejected(7, "a", 2, 0, 1, 0),
        AppendReply.accepted(7, "a", 2, 0));
    for (PeerMessage response : responses) {
      Step step = rules.onMessage(b(role), response);
      MemberState s = step.state();
      assertTrue(s.isFollower(), response.toString());
      assertEquals(7, s.currentTerm(), response.toString());
      assertNull(s.votedFor(), response.toString());
      assertNull(s.leaderId(), response.toString());
      assertEquals(List.of(new JournalEvent.TermAndVoteChanged(7, null)), step.events(), response.toString());
      assertTrue(step.sendNow().isEmpty() && step.sendAfterDurable().isEmpty(), response.toString());
    }
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  @DisplayName("Figure 3.1, All Servers then RequestVote rule 2: a later-term vote request from a stale log updates the term but gets no vote")
  void laterTermVoteRequestFromStaleCandidateUpdatesTermAndIsDenied(Role role) {
    Step step = rules.onMessage(b(role), new RequestVote(7, "c", 1, 1));
    assertTrue(step.state().isFollower());
    assertEquals(7, step.state().currentTerm());
    assertNull(step.state().votedFor());
    assertEquals(List.of(new JournalEvent.TermAndVoteChanged(7, null)), step.events());
    assertEquals(List.of(new Envelope("c", new VoteReply(7, "b", false))), step.sendNow());
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  @DisplayName("Figure 3.1, RequestVote and AppendEntries receivers, rule 1: reply false if term < currentTerm (§3.3)")
  void earlierTermRequestIsAnsweredWithCurrentTermAndChangesNothing(Role role) {
    MemberState before = b(role);

    Step vote = rules.onMessage(before, new RequestVote(4, "c", 9, 4));
    assertEquals(before, vote.state());
    assertEquals(List.of(new Envelope("c", new VoteReply(5, "b", false))), vote.sendNow());
    assertUnchanged(vote);

    Step append = rules.onMessage(before, new AppendEntries(4, "a", 2, 1, Logs.entries(3, 4), 2));
    assertEquals(before, append.state());
    assertEquals(List.of(new Envelope("a", AppendReply.rejected(5, "b", 2, 0, 0, 1))), append.sendNow());
    assertUnchanged(append);
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  @DisplayName("§3.3: responses of an earlier term are dropped")
  void earlierTermResponseIsDropped(Role role) {
    MemberState before = b(role);
    for (PeerMessage response : List.of(
        new VoteReply(4, "a", true), AppendReply.accepted(4, "a", 2, 1), AppendReply.rejected(4, "a", 2, 1, 1, 1))) {
      Step step = rules.onMessage(before, response);
      assertEquals(before, step.state(), response.toString());
      assertTrue(step.sendNow().isEmpty(), response.toString());
      assertUnchanged(step);
    }
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  @DisplayName("Messages from outside the membership are ignored, whatever their term")
  void messagesFromNonMembersAreIgnored(Role role) {
    MemberState before = b(role);
    Step step = rules.onMessage(before, new AppendEntries(9, "x", 0, 0, List.of(), 0));
    assertEquals(before, step.state());
    assertTrue(step.sendNow().isEmpty());
    assertUnchanged(step);
  }

  private static void assertUnchanged(Step step) {
    assertTrue(step.events().isEmpty(), "nothing journaled");
    assertTrue(step.sendAfterDurable().isEmpty(), "nothing vouched for");
    assertFalse(step.resetElectionTimer(), "a stale message must not delay an election");
  }
}
