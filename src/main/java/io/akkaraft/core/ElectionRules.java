package io.akkaraft.core;

import io.akkaraft.core.PeerProtocol.PreVote;
import io.akkaraft.core.PeerProtocol.PreVoteReply;
import io.akkaraft.core.PeerProtocol.RequestVote;
import io.akkaraft.core.PeerProtocol.VoteReply;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Leader election (§3.4) with the election restriction (§3.6.1) and the Pre-Vote phase (§9.6). */
final class ElectionRules {
  private final Set<UnsafeRule> unsafe;
  private final ReplicationRules replication;

  ElectionRules(Set<UnsafeRule> unsafe, ReplicationRules replication) {
    this.unsafe = unsafe;
    this.replication = replication;
  }

  /**
   * "On conversion to candidate, start election: increment currentTerm, vote for self, reset election
   * timer, send RequestVote RPCs to all other servers" (Figure 3.1). Requests go out while the new term and
   * vote are being written; the candidate's own vote only counts once durable.
   */
  void startElection(StepBuilder b) {
    MemberState s = b.state();
    b.term(s.currentTerm() + 1);
    b.vote(s.selfId());
    b.role(new RoleState.Candidate(Set.of()));
    b.resetElectionTimer();
    s = b.state();
    RequestVote request = new RequestVote(s.currentTerm(), s.selfId(), s.log().lastIndex(), s.log().lastTerm());
    for (String peer : s.membership().peersOf(s.selfId())) b.send(peer, request);
    maybeWin(b);
  }

  /**
   * §9.6: "a candidate only increments its term if it first learns from a majority of the cluster that they
   * would be willing to grant the candidate their votes". Nothing is persisted and the term stays; the
   * election timer restarts, so a round nobody answers is asked again after another timeout.
   */
  void startPreVote(StepBuilder b) {
    MemberState s = b.state();
    b.role(new RoleState.PreCandidate(Set.of()));
    b.leader(null);
    b.resetElectionTimer();
    PreVote request = new PreVote(s.currentTerm() + 1, s.selfId(), s.log().lastIndex(), s.log().lastTerm());
    for (String peer : s.membership().peersOf(s.selfId())) b.send(peer, request);
    maybeWinPreVote(b);
  }

  /**
   * PreVote receiver (§9.6): would grant if the proposed term is later than its own and the candidate's log
   * is at least as up-to-date (§3.6.1). The caller has already ignored it if a leader was heard within the
   * minimum election timeout (the second condition of §9.6). Changes no term, vote or timer, so the grant
   * vouches for nothing on disk and goes out at once.
   */
  void onPreVote(StepBuilder b, PreVote request) {
    MemberState s = b.state();
    boolean grant = request.term() > s.currentTerm()
        && s.log().isUpToDateWith(request.lastLogTerm(), request.lastLogIndex());
    b.send(request.from(), new PreVoteReply(grant ? request.term() : s.currentTerm(), s.selfId(), grant));
  }

  /** A grant for the term this pre-candidate asks about counts; older grants are of an earlier round. */
  void onPreVoteReply(StepBuilder b, PreVoteReply reply) {
    MemberState s = b.state();
    if (!(s.role() instanceof RoleState.PreCandidate pre) || !reply.granted()
        || reply.term() != s.currentTerm() + 1) {
      return;
    }
    Set<String> granted = new HashSet<>(pre.grantedBy());
    granted.add(reply.from());
    b.role(new RoleState.PreCandidate(granted));
    maybeWinPreVote(b);
  }

  private void maybeWinPreVote(StepBuilder b) {
    MemberState s = b.state();
    if (!(s.role() instanceof RoleState.PreCandidate pre)) return;
    if (pre.grantedBy().size() + 1 < s.membership().quorum()) return;
    if (unsafe.contains(UnsafeRule.LEAD_ON_PRE_VOTES)) {
      b.term(s.currentTerm() + 1);
      b.vote(s.selfId());
      becomeLeader(b);
      return;
    }
    startElection(b);
  }

  /**
   * RequestVote receiver (Figure 3.1): "If votedFor is null or candidateId, and candidate's log is at least
   * as up-to-date as receiver's log, grant vote". The grant waits for the vote to be durable.
   */
  void onRequestVote(StepBuilder b, RequestVote request) {
    MemberState s = b.state();
    boolean free = s.votedFor() == null || s.votedFor().equals(request.from());
    boolean upToDate = unsafe.contains(UnsafeRule.GRANT_VOTE_WITHOUT_LOG_CHECK)
        || s.log().isUpToDateWith(request.lastLogTerm(), request.lastLogIndex());
    if (!free || !upToDate) {
      b.send(request.from(), new VoteReply(s.currentTerm(), s.selfId(), false));
      return;
    }
    b.vote(request.from());
    b.resetElectionTimer();
    VoteReply grant = new VoteReply(s.currentTerm(), s.selfId(), true);
    if (unsafe.contains(UnsafeRule.REPLY_BEFORE_DURABLE)) b.send(request.from(), grant);
    else b.sendAfterDurable(request.from(), grant);
  }

  void onVoteReply(StepBuilder b, VoteReply reply) {
    if (!(b.state().role() instanceof RoleState.Candidate candidate) || !reply.granted()) return;
    Set<String> granted = new HashSet<>(candidate.grantedBy());
    granted.add(reply.from());
    b.role(new RoleState.Candidate(granted));
    maybeWin(b);
  }

  /** "If votes received from majority of servers: become leader" — the own vote counting once durable. */
  void maybeWin(StepBuilder b) {
    MemberState s = b.state();
    if (!(s.role() instanceof RoleState.Candidate candidate)) return;
    int ownVote = s.durable().hasVoteFor(s.currentTerm(), s.selfId()) ? 1 : 0;
    if (candidate.grantedBy().size() + ownVote >= s.membership().quorum()) becomeLeader(b);
  }

  /**
   * Reinitializes nextIndex/matchIndex (Figure 3.1), appends a no-op of the new term so that earlier
   * entries can commit with it (§3.6.2, and §6.4 for reads), and sends the first AppendEntries at once.
   */
  private void becomeLeader(StepBuilder b) {
    MemberState s = b.state();
    Map<String, Progress> progress = new HashMap<>();
    for (String peer : s.membership().peersOf(s.selfId())) {
      progress.put(peer, Progress.initial(s.log().lastIndex()));
    }
    b.role(new RoleState.Leader(progress));
    b.leader(s.selfId());
    b.append(List.of(LogEntry.noOp(s.currentTerm(), s.log().lastIndex() + 1)));
    replication.broadcast(b, true);
    replication.advanceCommitIndex(b);
  }
}
