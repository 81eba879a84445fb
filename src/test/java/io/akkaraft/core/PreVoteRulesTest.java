package io.akkaraft.core;

import static io.akkaraft.testkit.Logs.terms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.core.Members.Role;
import io.akkaraft.core.PeerProtocol.AppendEntries;
import io.akkaraft.core.PeerProtocol.PreVote;
import io.akkaraft.core.PeerProtocol.PreVoteReply;
import io.akkaraft.core.PeerProtocol.RequestVote;
import io.akkaraft.core.PeerProtocol.VoteReply;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Pre-Vote phase (thesis §9.6): a member raises its term only once a majority would vote for it. */
class PreVoteRulesTest {
  private final RaftRules rules =
      new RaftRules(new ReplicationLimits(64, 1 << 20, 4), EnumSet.noneOf(UnsafeRule.class), true);
  private final Membership abc = Members.group("a", "b", "c");

  @Test
  @DisplayName("§9.6: an election timeout makes a pre-candidate that asks for the next term without raising its own")
  void electionTimeoutAsksForPreVotesWithoutRaisingTheTerm() {
    MemberState a = Members.follower("a", abc, 2, terms(1, 2));

    Step step = rules.onElectionTimeout(a);

    assertEquals(2, step.state().currentTerm(), "the term stays");
    assertNull(step.state().votedFor(), "no vote is cast");
    assertTrue(step.events().isEmpty(), "nothing to persist");
    assertInstanceOf(RoleState.PreCandidate.class, step.state().role());
    assertTrue(step.resetElectionTimer(), "a round nobody answers is asked again after another timeout");
    PreVote ask = new PreVote(3, "a", 2, 2);
    assertEquals(List.of(new Envelope("b", ask), new Envelope("c", ask)), sortedByReceiver(step.sendNow()));
  }

  @Test
  @DisplayName("§9.6: a candidate whose election timed out asks for pre-votes again rather than raise its term alone")
  void candidateWhoseElectionTimedOutAsksForPreVotesAgain() {
    MemberState a = Members.candidate("a", abc, 3, terms(1));

    Step step = rules.onElectionTimeout(a);

    assertEquals(3, step.state().currentTerm());
    assertInstanceOf(RoleState.PreCandidate.class, step.state().role());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Role.class)
  @DisplayName("§9.6: a pre-vote is granted for a later term to a log at least as up-to-date, and changes nothing at the voter")
  void preVoteIsGrantedWithoutChangingTermVoteOrTimer(Role role) {
    MemberState b = role.of("b", abc, 2, terms(1, 2));

    Step step = rules.onMessage(b, new PreVote(3, "c", 2, 2), false);

    assertEquals(List.of(new Envelope("c", new PreVoteReply(3, "b", true))), step.sendNow());
    assertTrue(step.sendAfterDurable().isEmpty(), "a pre-vote vouches for nothing on disk");
    assertSame(b, step.state(), "no term, vote or role change");
    assertTrue(step.events().isEmpty());
    assertTrue(!step.resetElectionTimer(), "granting a pre-vote does not postpone the voter's own election");
  }

  @Test
  @DisplayName("§9.6 condition 1: a pre-vote is refused to a log less up-to-date than the voter's (§3.6.1)")
  void preVoteIsRefusedToAStaleLog() {
    MemberState b = Members.follower("b", abc, 2, terms(1, 2, 2));

    Step step = rules.onMessage(b, new PreVote(3, "c", 2, 2), false);

    assertEquals(List.of(new Envelope("c", new PreVoteReply(2, "b", false))), step.sendNow());
    assertSame(b, step.state());
  }

  @Test
  @DisplayName("§9.6: a pre-vote for a term the voter has already reached is refused with the voter's term")
  void preVoteForATermAlreadyReachedIsRefused() {
    MemberState b = Members.follower("b", abc, 4, terms(1));

    Step step = rules.onMessage(b, new PreVote(4, "c", 1, 1), false);

    assertEquals(List.of(new Envelope("c", new PreVoteReply(4, "b", false))), step.sendNow());
    assertSame(b, step.state());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Role.class)
  @DisplayName("§9.6 condition 2: within the minimum election timeout of hearing from a leader, a pre-vote is ignored")
  void preVoteIsIgnoredWhileALeaderWasHeardRecently(Role role) {
    MemberState b = role.of("b", abc, 2, terms(1));

    Step step = rules.onMessage(b, new PreVote(3, "c", 5, 2), true);

    assertSame(b, step.state());
    assertTrue(step.sendNow().isEmpty() && step.sendAfterDurable().isEmpty() && step.events().isEmpty());
  }

  @Test
  @DisplayName("§9.6: with pre-votes from a majority (its own included), the pre-candidate starts a real election")
  void majorityOfPreVotesStartsARealElection() {
    MemberState a = rules.onElectionTimeout(Members.follower("a", abc, 2, terms(1, 2))).state();

    Step step = rules.onMessage(a, new PreVoteReply(3, "b", true), false);

    MemberState s = step.state();
    assertInstanceOf(RoleState.Candidate.class, s.role());
    assertEquals(3, s.currentTerm());
    assertEquals("a", s.votedFor());
    RequestVote ask = new RequestVote(3, "a", 2, 2);
    assertEquals(List.of(new Envelope("b", ask), new Envelope("c", ask)), sortedByReceiver(step.sendNow()));
  }

  @Test
  @DisplayName("§9.6: pre-votes from a minority start nothing; grants of an earlier round do not count")
  void preVotesFromAMinorityOrAnEarlierRoundStartNothing() {
    Membership five = Members.group(5);
    MemberState s1 = rules.onElectionTimeout(Members.follower("s1", five, 2, terms(1))).state();

    MemberState one = rules.onMessage(s1, new PreVoteReply(3, "s2", true), false).state();
    MemberState stale = rules.onMessage(one, new PreVoteReply(2, "s3", true), false).state();

    assertEquals(2, stale.currentTerm());
    assertEquals(Set.of("s2"), ((RoleState.PreCandidate) stale.role()).grantedBy());
  }

  @Test
  @DisplayName("§9.6 with Figure 3.1: a refusal that carries a later term makes the pre-candidate a follower of it")
  void refusalWithALaterTermMakesThePreCandidateAFollower() {
    MemberState a = rules.onElectionTimeout(Members.follower("a", abc, 2, terms(1))).state();

    Step step = rules.onMessage(a, new PreVoteReply(5, "b", false), false);

    assertEquals(5, step.state().currentTerm());
    assertTrue(step.state().isFollower());
  }

  @Test
  @DisplayName("§9.6: a pre-candidate that hears AppendEntries from a leader of its term follows it")
  void preCandidateFollowsALeaderOfItsTerm() {
    MemberState a = rules.onElectionTimeout(Members.follower("a", abc, 2, terms(1))).state();

    Step step = rules.onMessage(a, new AppendEntries(2, "b", 1, 1, List.of(), 1), false);

    assertTrue(step.state().isFollower());
    assertEquals("b", step.state().leaderId());
    assertEquals(2, step.state().currentTerm());
  }

  @Test
  @DisplayName("§9.6: vote replies reach only candidates; a pre-candidate ignores them")
  void preCandidateIgnoresVoteReplies() {
    MemberState a = rules.onElectionTimeout(Members.follower("a", abc, 2, terms(1))).state();

    Step step = rules.onMessage(a, new VoteReply(2, "b", true), false);

    assertInstanceOf(RoleState.PreCandidate.class, step.state().role());
  }

  @Test
  @DisplayName("Without Pre-Vote, an election timeout raises the term at once (Figure 3.1)")
  void withoutPreVoteATimeoutStartsARealElection() {
    RaftRules classic = new RaftRules(new ReplicationLimits(64, 1 << 20, 4));

    Step step = classic.onElectionTimeout(Members.follower("a", abc, 2, terms(1)));

    assertEquals(3, step.state().currentTerm());
    assertInstanceOf(RoleState.Candidate.class, step.state().role());
  }

  @Test
  @DisplayName("Unsafe LEAD_ON_PRE_VOTES: two pre-candidates that win pre-votes for one term would both lead it")
  void leadingOnPreVotesElectsTwoLeadersInOneTerm() {
    RaftRules unsafe = new RaftRules(new ReplicationLimits(64, 1 << 20, 4), EnumSet.of(UnsafeRule.LEAD_ON_PRE_VOTES), true);
    Membership five = Members.group(5);
    MemberState s1 = unsafe.onElectionTimeout(Members.follower("s1", five, 2, terms(1))).state();
    MemberState s5 = unsafe.onElectionTimeout(Members.follower("s5", five, 2, terms(1))).state();
    // Pre-votes bind nobody: s3 grants both.
    for (String voter : List.of("s2", "s3")) s1 = unsafe.onMessage(s1, new PreVoteReply(3, voter, true), false).state();
    for (String voter : List.of("s3", "s4")) s5 = unsafe.onMessage(s5, new PreVoteReply(3, voter, true), false).state();

    assertTrue(s1.isLeader() && s5.isLeader());
    assertEquals(s1.currentTerm(), s5.currentTerm(), "Election Safety broken: what the simulator must catch");
  }

  private static List<Envelope> sortedByReceiver(List<Envelope> envelopes) {
    return envelopes.stream().sorted((x, y) -> x.to().compareTo(y.to())).toList();
  }
}
