package io.akkaraft.core;

import static io.akkaraft.testkit.Logs.terms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.core.Members.Role;
import io.akkaraft.core.PeerProtocol.AppendEntries;
import io.akkaraft.core.PeerProtocol.RequestVote;
import io.akkaraft.core.PeerProtocol.VoteReply;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Leader election (thesis §3.4) and the election restriction (§3.6.1). */
class ElectionRulesTest {
  private final RaftRules rules = new RaftRules(new ReplicationLimits(64, 1 << 20, 4));
  private final Membership abc = Members.group("a", "b", "c");

  @Test
  @DisplayName("Figure 3.1, RequestVote receiver, rule 2: vote only if votedFor is null or candidateId")
  void followerVotesAtMostOncePerTerm() {
    MemberState b = Members.follower("b", abc, 2, terms(1));

    Step first = rules.onMessage(b, new RequestVote(2, "a", 1, 1));
    assertEquals(List.of(new Envelope("a", new VoteReply(2, "b", true))), first.sendAfterDurable());
    assertEquals("a", first.state().votedFor());

    // c's log is even more up-to-date, but b already voted in term 2.
    Step second = rules.onMessage(first.state(), new RequestVote(2, "c", 5, 2));
    assertEquals(List.of(new Envelope("c", new VoteReply(2, "b", false))), second.sendNow());
    assertTrue(second.sendAfterDurable().isEmpty());
    assertTrue(second.events().isEmpty());
    assertEquals("a", second.state().votedFor());

    // A retransmitted request from the candidate it voted for is granted again (votedFor == candidateId).
    Step again = rules.onMessage(second.state(), new RequestVote(2, "a", 1, 1));
    assertEquals(List.of(new Envelope("a", new VoteReply(2, "b", true))), again.sendAfterDurable());
    assertEquals("a", again.state().votedFor());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Role.class)
  @DisplayName("§4.2.3: within the minimum election timeout of hearing from a current leader, a vote request neither raises the term nor wins a vote")
  void memberThatHeardFromLeaderRecentlyIgnoresVoteRequests(Role role) {
    MemberState b = role.of("b", abc, 2, terms(1));

    Step step = rules.onMessage(b, new RequestVote(3, "c", 5, 2), true);

    assertSame(b, step.state(), "no term change, no vote, no role change");
    assertTrue(step.sendNow().isEmpty() && step.sendAfterDurable().isEmpty() && step.events().isEmpty());
  }

  @Test
  @DisplayName("§4.2.3: once the minimum election timeout has passed without a leader, the same request wins the vote")
  void memberThatHasNotHeardFromLeaderLatelyAnswersVoteRequests() {
    MemberState b = Members.follower("b", abc, 2, terms(1));

    Step step = rules.onMessage(b, new RequestVote(3, "c", 5, 2), false);

    assertEquals(3, step.state().currentTerm());
    assertEquals(List.of(new Envelope("c", new VoteReply(3, "b", true))), step.sendAfterDurable());
  }

  @Test
  @DisplayName("§4.2.3 holds back only requests that would raise the term: a stale one is still refused with the current term")
  void recentLeaderContactStillRefusesStaleVoteRequestsWithTheCurrentTerm() {
    MemberState b = Members.follower("b", abc, 2, terms(1));

    Step step = rules.onMessage(b, new RequestVote(1, "c", 5, 1), true);

    assertEquals(List.of(new Envelope("c", new VoteReply(2, "b", false))), step.sendNow());
  }

  @Test
  @DisplayName("§4.2.3 applies to vote requests only: a leader's AppendEntries is handled as always")
  void recentLeaderContactDoesNotBlockAppendEntries() {
    MemberState b = Members.follower("b", abc, 2, terms(1));

    Step step = rules.onMessage(b, new AppendEntries(3, "c", 1, 1, List.of(), 1, 0), true);

    assertEquals(3, step.state().currentTerm());
    assertEquals("c", step.state().leaderId());
  }

  @Test
  @DisplayName("Check quorum: a leader steps down to follower in its own term and names no leader")
  void leaderStepsDownInItsOwnTerm() {
    MemberState a = Members.leader("a", abc, 4, terms(1, 4));

    Step step = rules.stepDown(a);

    assertInstanceOf(RoleState.Follower.class, step.state().role());
    assertEquals(4, step.state().currentTerm());
    assertNull(step.state().leaderId());
    assertTrue(step.resetElectionTimer());
    assertTrue(step.events().isEmpty() && step.sendNow().isEmpty(), "nothing to journal or send");
    assertSame(step.state(), rules.stepDown(step.state()).state(), "only a leader steps down");
  }

  /** The voter's log is [1 1 2]: last term 2, last index 3. */
  @ParameterizedTest(name = "candidate last term {0}, last index {1}: granted={2}")
  @CsvSource({
    "2, 3, true", // equal logs
    "2, 4, true", // same last term, longer
    "3, 1, true", // later last term wins even when shorter
    "2, 2, false", // same last term, shorter
    "1, 9, false", // earlier last term loses even when longer
    "0, 0, false" // empty log
  })
  @DisplayName("§3.6.1: grant only to a candidate whose log is at least as up-to-date (last term, then last index)")
  void followerGrantsVoteOnlyToCandidateWithAtLeastAsUpToDateLog(long lastTerm, long lastIndex, boolean granted) {
    MemberState b = Members.follower("b", abc, 3, terms(1, 1, 2));
    Step step = rules.onMessage(b, new RequestVote(3, "a", lastIndex, lastTerm));
    VoteReply reply = new VoteReply(3, "b", granted);
    if (granted) {
      assertEquals(List.of(new Envelope("a", reply)), step.sendAfterDurable());
      assertEquals("a", step.state().votedFor());
    } else {
      assertEquals(List.of(new Envelope("a", reply)), step.sendNow());
      assertNull(step.state().votedFor());
    }
  }

  @Test
  @DisplayName("Figure 3.1, persist before responding: a grant journals the vote and waits for the write")
  void voteGrantIsJournaledAndSentOnlyAfterDurable() {
    MemberState b = Members.follower("b", abc, 2, terms(1));
    Step step = rules.onMessage(b, new RequestVote(2, "a", 1, 1));
    assertEquals(List.of(new JournalEvent.TermAndVoteChanged(2, "a")), step.events());
    assertTrue(step.sendNow().isEmpty(), "a grant vouches for a vote not yet on disk");
    assertEquals(1, step.sendAfterDurable().size());
    assertTrue(step.resetElectionTimer(), "§3.4: granting a vote resets the election timer");
    assertEquals(new Durable(2, null, 1), step.state().durable(), "the vote is not durable yet");

    // In a later term, the term change and the vote are one journal event.
    Step later = rules.onMessage(b, new RequestVote(5, "c", 1, 1));
    assertEquals(List.of(new JournalEvent.TermAndVoteChanged(5, "c")), later.events());
    assertEquals(List.of(new Envelope("c", new VoteReply(5, "b", true))), later.sendAfterDurable());
  }

  @Test
  @DisplayName("Figure 3.1, RequestVote receiver: a denial vouches for nothing on disk and goes out at once")
  void voteDenialIsSentAtOnceWithoutJournalingOrTimerReset() {
    MemberState b = Members.follower("b", abc, 2, terms(1, 2));
    Step step = rules.onMessage(b, new RequestVote(2, "a", 1, 1));
    assertEquals(List.of(new Envelope("a", new VoteReply(2, "b", false))), step.sendNow());
    assertTrue(step.sendAfterDurable().isEmpty());
    assertTrue(step.events().isEmpty());
    assertFalse(step.resetElectionTimer(), "only a granted vote resets the timer");
    assertEquals(b, step.state());
  }

  @ParameterizedTest
  @EnumSource(value = Role.class, names = {"FOLLOWER", "CANDIDATE"})
  @DisplayName("Figure 3.1, Candidates: on timeout increment currentTerm, vote for self, reset timer, send RequestVote to all")
  void electionTimeoutStartsElectionInNextTerm(Role role) {
    MemberState s = role.of("s1", Members.group(5), 3, terms(1, 3));
    Step step = rules.onElectionTimeout(s);

    MemberState next = step.state();
    assertTrue(next.isCandidate());
    assertEquals(4, next.currentTerm());
    assertEquals("s1", next.votedFor());
    assertNull(next.leaderId());
    assertEquals(Set.of(), ((RoleState.Candidate) next.role()).grantedBy(), "no peer votes carry over");
    assertEquals(List.of(new JournalEvent.TermAndVoteChanged(4, "s1")), step.events());
    assertTrue(step.resetElectionTimer());
    RequestVote request = new RequestVote(4, "s1", 2, 3);
    assertEquals(
        List.of("s2", "s3", "s4", "s5").stream().map(p -> new Envelope(p, request)).toList(), step.sendNow());
    assertTrue(step.sendAfterDurable().isEmpty());
  }

  @ParameterizedTest(name = "{0} members")
  @ValueSource(ints = {3, 5})
  @DisplayName("§3.4 with Figure 3.1 persistence: a candidate's own vote counts only once it is durable")
  void candidateDoesNotCountOwnVoteUntilDurable(int size) {
    Membership group = Members.group(size);
    MemberState s = rules.onElectionTimeout(Members.follower("s1", group, 1, terms(1))).state();
    // Peers s2.. grant until, with its own vote, the candidate would have a majority.
    for (int peer = 2; peer <= group.quorum(); peer++) {
      s = rules.onMessage(s, new VoteReply(2, "s" + peer, true)).state();
    }
    assertTrue(s.isCandidate(), "quorum - 1 peer votes plus an own vote not yet on disk is no majority");

    // A durable vote of another term does not count either.
    assertTrue(rules.onDurable(s, new Durable(1, "s1", 1)).state().isCandidate());

    Step durable = rules.onDurable(s, new Durable(2, "s1", 1));
    assertTrue(durable.state().isLeader());
  }

  @ParameterizedTest(name = "{0} members")
  @ValueSource(ints = {3, 5})
  @DisplayName("Figure 3.1, Candidates: votes from a majority make a leader, which appends a no-op (§3.6.2) and sends AppendEntries")
  void candidateBecomesLeaderOnMajorityAndAppendsNoOp(int size) {
    Membership group = Members.group(size);
    Step timeout = rules.onElectionTimeout(Members.follower("s1", group, 1, terms(1, 1)));
    MemberState s = rules.onDurable(timeout.state(), new Durable(2, "s1", 2)).state();
    assertTrue(s.isCandidate(), "its own vote alone is no majority");

    // quorum - 2 distinct peers, one of them twice: still one short.
    for (int peer = 2; peer < group.quorum(); peer++) {
      s = rules.onMessage(s, new VoteReply(2, "s" + peer, true)).state();
      s = rules.onMessage(s, new VoteReply(2, "s" + peer, true)).state();
    }
    s = rules.onMessage(s, new VoteReply(2, "s" + size, false)).state();
    assertTrue(s.isCandidate(), "a duplicate grant or a denial is no vote");

    Step won = rules.onMessage(s, new VoteReply(2, "s" + group.quorum(), true));
    MemberState leader = won.state();
    assertTrue(leader.isLeader());
    assertEquals("s1", leader.leaderId());
    assertEquals(2, leader.currentTerm());
    LogEntry noOp = LogEntry.noOp(2, 3);
    assertEquals(noOp, leader.log().entry(3));
    assertEquals(List.of(new JournalEvent.EntriesAppended(List.of(noOp))), won.events());
    assertEquals(0, leader.commitIndex(), "the no-op is neither durable nor replicated yet");
    List<String> peers = group.peersOf("s1");
    assertEquals(peers, won.sendNow().stream().map(Envelope::to).toList());
    for (Envelope e : won.sendNow()) {
      assertEquals(new AppendEntries(2, "s1", 2, 1, List.of(noOp), 0), e.message());
    }
    assertEquals(Set.copyOf(peers), ((RoleState.Leader) leader.role()).progress().keySet());
  }

  @Test
  @DisplayName("§3.4, split vote: a candidate whose election times out starts a new election in the next term")
  void candidateStartsNewElectionWhenSplitVoteTimesOut() {
    MemberState candidate = Members.candidate("s1", Members.group(4), 5, terms(1));
    candidate = rules.onMessage(candidate, new VoteReply(5, "s2", true)).state();
    candidate = rules.onMessage(candidate, new VoteReply(5, "s3", false)).state();
    candidate = rules.onMessage(candidate, new VoteReply(5, "s4", false)).state();
    assertTrue(candidate.isCandidate(), "2 of 4 votes is no majority");

    Step step = rules.onElectionTimeout(candidate);
    assertTrue(step.state().isCandidate());
    assertEquals(6, step.state().currentTerm());
    assertEquals("s1", step.state().votedFor());
    assertEquals(Set.of(), ((RoleState.Candidate) step.state().role()).grantedBy(), "term-5 votes do not count in 6");
    assertEquals(3, step.sendNow().size());
    for (Envelope e : step.sendNow()) assertEquals(new RequestVote(6, "s1", 1, 1), e.message());
  }

  @Test
  @DisplayName("Figure 3.1: only followers and candidates convert to candidate; a leader ignores election timeouts")
  void leaderIgnoresElectionTimeout() {
    MemberState leader = Members.leader("a", abc, 3, terms(1, 3));
    Step step = rules.onElectionTimeout(leader);
    assertSame(leader, step.state());
    assertTrue(step.events().isEmpty());
    assertTrue(step.sendNow().isEmpty());
    assertFalse(step.resetElectionTimer());
  }

  @Test
  @DisplayName("Figure 3.1, Candidates: if AppendEntries received from new leader, convert to follower")
  void candidateBecomesFollowerOnAppendEntriesOfItsTerm() {
    MemberState candidate = Members.candidate("b", abc, 3, terms(1));
    Step step = rules.onMessage(candidate, new AppendEntries(3, "a", 1, 1, List.of(), 0));
    assertTrue(step.state().isFollower());
    assertEquals("a", step.state().leaderId());
    assertEquals(3, step.state().currentTerm());
    assertEquals("b", step.state().votedFor(), "its vote in term 3 stands");
    assertInstanceOf(PeerProtocol.AppendReply.class, step.sendAfterDurable().get(0).message());
  }

  @Test
  @DisplayName("§3.4: a single-member group elects itself once its own vote is durable")
  void singleMemberElectsItselfOnDurableVote() {
    Step timeout = rules.onElectionTimeout(Members.follower("a", Members.group("a"), 0, terms()));
    assertTrue(timeout.state().isCandidate());
    assertTrue(timeout.sendNow().isEmpty());
    assertTrue(rules.onDurable(timeout.state(), new Durable(1, "a", 0)).state().isLeader());
  }
}
