package io.akkaraft.core;

import io.akkaraft.core.PeerProtocol.AppendEntries;
import io.akkaraft.core.PeerProtocol.AppendReply;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/** Log replication and commitment (§3.5, §3.6.2), with batching and pipelining. */
final class ReplicationRules {
  private final ReplicationLimits limits;
  private final Set<UnsafeRule> unsafe;

  ReplicationRules(ReplicationLimits limits, Set<UnsafeRule> unsafe) {
    this.limits = limits;
    this.unsafe = unsafe;
  }

  // ---- follower side ----

  /**
   * AppendEntries receiver (Figure 3.1), rules 2 to 5. The term is already checked; an AppendEntries of
   * the current term also tells a candidate that someone else won.
   */
  void onAppendEntries(StepBuilder b, AppendEntries request) {
    MemberState s = b.state();
    if (s.isLeader()) return; // Election Safety makes this impossible; never obey a second leader.
    if (s.isStanding()) b.role(new RoleState.Follower());
    b.leader(request.from());
    b.note(Step.Fact.LEADER_HEARD);
    b.resetElectionTimer();

    RaftLog log = s.log();
    String self = s.selfId();
    int count = request.entries().size();
    if (request.prevLogIndex() > log.lastIndex()) {
      b.send(request.from(), AppendReply.rejected(
          s.currentTerm(), self, request.prevLogIndex(), 0, log.lastIndex() + 1, count, request.readRound()));
      return;
    }
    long termThere = log.termAt(request.prevLogIndex());
    if (termThere != request.prevLogTerm()) {
      b.send(request.from(), AppendReply.rejected(
          s.currentTerm(), self, request.prevLogIndex(), termThere,
          log.firstIndexOfTerm(termThere, request.prevLogIndex()), count, request.readRound()));
      return;
    }
    appendNewEntries(b, request.entries());
    long lastNewIndex = request.prevLogIndex() + count;
    long commit = Math.min(request.leaderCommit(), lastNewIndex);
    if (commit > b.state().commitIndex()) b.commitIndex(commit);
    AppendReply ack = AppendReply.accepted(s.currentTerm(), self, lastNewIndex, count, request.readRound());
    if (unsafe.contains(UnsafeRule.REPLY_BEFORE_DURABLE)) b.send(request.from(), ack);
    else b.sendAfterDurable(request.from(), ack);
  }

  /**
   * Rules 3 and 4: "If an existing entry conflicts with a new one (same index but different terms), delete
   * the existing entry and all that follow it; append any new entries not already in the log". Entries
   * already present are left alone, so a stale or duplicated request never truncates anything.
   */
  private static void appendNewEntries(StepBuilder b, List<LogEntry> entries) {
    for (int i = 0; i < entries.size(); i++) {
      LogEntry entry = entries.get(i);
      RaftLog log = b.state().log();
      if (entry.index() <= log.lastIndex() && log.termAt(entry.index()) == entry.term()) continue;
      if (entry.index() <= log.lastIndex()) {
        assert entry.index() > b.state().commitIndex() : "a committed entry never conflicts";
        b.truncateFrom(entry.index());
      }
      b.append(entries.subList(i, entries.size()));
      return;
    }
  }

  // ---- leader side ----

  /** Sends each follower what it lacks; with {@code heartbeat}, every follower gets at least one message. */
  void broadcast(StepBuilder b, boolean heartbeat) {
    MemberState s = b.state();
    for (String peer : s.membership().peersOf(s.selfId())) replicateTo(b, peer, heartbeat);
  }

  /**
   * "If last log index >= nextIndex for a follower: send AppendEntries RPC with log entries starting at
   * nextIndex". A probing follower gets one request with entries at a time, and between its answers only
   * empty heartbeats; a matched one gets batches until the pipeline is full. A heartbeat to a follower with nothing to send is an empty AppendEntries at
   * nextIndex - 1: if an earlier request was lost, its rejection starts the repair.
   */
  void replicateTo(StepBuilder b, String peer, boolean heartbeat) {
    if (!(b.state().role() instanceof RoleState.Leader leader)) return;
    Progress before = leader.progress().get(peer);
    if (before == null) return;
    Progress p = before;
    if (p.probing()) {
      if (p.inflight() == 0) {
        sendFrom(b, peer, p.nextIndex());
        p = p.inflight(1);
      } else if (heartbeat) {
        // The probe may be lost, or still on its way. An empty one keeps the follower's timer reset and its
        // answer repairs either case, without re-sending a full batch every heartbeat.
        sendEmpty(b, peer, p.nextIndex());
      }
    } else {
      boolean sent = false;
      while (p.inflight() < limits.maxInflightAppends() && p.nextIndex() <= b.state().log().lastIndex()) {
        int count = sendFrom(b, peer, p.nextIndex());
        p = p.sent(p.nextIndex() + count);
        sent = true;
      }
      if (heartbeat && !sent) sendEmpty(b, peer, p.nextIndex());
    }
    if (!p.equals(before)) b.role(leader.with(peer, p));
  }

  private int sendFrom(StepBuilder b, String peer, long nextIndex) {
    List<LogEntry> batch =
        b.state().log().batchFrom(nextIndex, limits.maxEntriesPerAppend(), limits.maxBytesPerAppend());
    sendAppend(b, peer, nextIndex, batch);
    return batch.size();
  }

  private void sendEmpty(StepBuilder b, String peer, long nextIndex) {
    sendAppend(b, peer, nextIndex, List.of());
  }

  private static void sendAppend(StepBuilder b, String peer, long nextIndex, List<LogEntry> entries) {
    MemberState s = b.state();
    long readRound = ((RoleState.Leader) s.role()).readRound();
    b.send(peer, new AppendEntries(s.currentTerm(), s.selfId(), nextIndex - 1, s.log().termAt(nextIndex - 1),
        entries, s.commitIndex(), readRound));
  }

  /**
   * "If successful: update nextIndex and matchIndex for follower; if AppendEntries fails because of log
   * inconsistency: decrement nextIndex and retry" — here by a whole term per round trip using the
   * follower's hint (§3.5). Rejections that a later success already overtook are ignored.
   */
  void onAppendReply(StepBuilder b, AppendReply reply) {
    if (!(b.state().role() instanceof RoleState.Leader leader)) return;
    Progress p = leader.progress().get(reply.from());
    if (p == null) return;
    b.note(Step.Fact.FOLLOWER_ANSWERED);
    // Any reply of this term, even a rejection, shows the follower still followed us after that round began.
    p = p.ackedRound(reply.readRound());
    if (reply.isTermNotice()) {
      // Raised the follower's term first and then this member's to it: it answers a request of an earlier
      // leadership, whose index says nothing about this one.
      return;
    }
    if (reply.success()) {
      b.role(leader.with(reply.from(), p.accepted(reply.matchIndex(), reply.entryCount() > 0)));
      advanceCommitIndex(b);
      replicateTo(b, reply.from(), false);
      return;
    }
    boolean stale = reply.rejectedIndex() <= p.matchIndex()
        || (p.probing() && reply.rejectedIndex() != p.nextIndex() - 1);
    if (stale) {
      b.role(leader.with(reply.from(), p));
      return;
    }
    b.role(leader.with(reply.from(), p.probeFrom(nextIndexAfterRejection(b.state().log(), reply))));
    replicateTo(b, reply.from(), false);
  }

  private static long nextIndexAfterRejection(RaftLog log, AppendReply reply) {
    long next = reply.conflictIndex();
    if (reply.conflictTerm() > 0) {
      long lastOfTerm = log.lastIndexOfTerm(reply.conflictTerm(), reply.rejectedIndex());
      if (lastOfTerm > 0) next = lastOfTerm + 1;
    }
    return Math.max(1, Math.min(next, reply.rejectedIndex()));
  }

  // ---- linearizable reads (§6.4) ----

  /**
   * Starts a new read-confirmation round: "issues a new round of heartbeats and waits for their
   * acknowledgments from a majority of the cluster". Every AppendEntries sent from now on carries it.
   */
  void startReadRound(StepBuilder b) {
    if (!(b.state().role() instanceof RoleState.Leader leader)) return;
    b.role(new RoleState.Leader(leader.progress(), leader.readRound() + 1));
    b.readRoundStarted(leader.readRound() + 1);
    broadcast(b, true);
  }

  /** The latest round a majority (the leader included) has acknowledged in this term; 0 if none. */
  static long confirmedReadRound(MemberState s) {
    if (!(s.role() instanceof RoleState.Leader leader)) return 0;
    return quorumValue(s, leader, leader.readRound(), Progress::ackedRound);
  }

  /**
   * "If there exists an N such that N > commitIndex, a majority of matchIndex[i] >= N, and log[N].term ==
   * currentTerm: set commitIndex = N" (§3.6.2: never commit an earlier term's entry by counting). The
   * leader counts itself only up to what its own journal has confirmed.
   */
  void advanceCommitIndex(StepBuilder b) {
    MemberState s = b.state();
    if (!(s.role() instanceof RoleState.Leader leader)) return;
    long n = quorumValue(s, leader, Math.min(s.durable().lastIndex(), s.log().lastIndex()), Progress::matchIndex);
    if (n <= s.commitIndex()) return;
    boolean ofCurrentTerm = s.log().termAt(n) == s.currentTerm();
    if (ofCurrentTerm || unsafe.contains(UnsafeRule.COMMIT_OLD_TERM_BY_COUNTING)) b.commitIndex(n);
  }

  /**
   * The largest value that a quorum has reached, the leader's own {@code own} included: the quorum-th largest
   * of all members' values (a follower without progress counts as 0).
   */
  private static long quorumValue(MemberState s, RoleState.Leader leader, long own, ToLongFunction<Progress> value) {
    List<Long> values = new ArrayList<>();
    values.add(own);
    for (String peer : s.membership().peersOf(s.selfId())) {
      Progress p = leader.progress().get(peer);
      values.add(p == null ? 0 : value.applyAsLong(p));
    }
    values.sort(Comparator.reverseOrder());
    return values.get(s.membership().quorum() - 1);
  }
}
