package io.akkaraft.core;

import io.akkaraft.core.PeerProtocol.AppendEntries;
import io.akkaraft.core.PeerProtocol.AppendReply;
import io.akkaraft.core.PeerProtocol.PeerMessage;
import io.akkaraft.core.PeerProtocol.PreVote;
import io.akkaraft.core.PeerProtocol.PreVoteReply;
import io.akkaraft.core.PeerProtocol.RequestVote;
import io.akkaraft.core.PeerProtocol.VoteReply;
import io.akkaraft.core.PeerProtocol.VoteRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The Raft rules as side-effect-free functions from a {@link MemberState} and an input to a {@link Step}.
 * No actor system, clock or disk is involved: role behaviors feed inputs in and carry decisions out.
 */
public final class RaftRules {
  private final ReplicationRules replication;
  private final ElectionRules election;
  private final Set<UnsafeRule> unsafe;
  private final boolean preVote;

  /** The rules of Figure 3.1, without Pre-Vote: an election timeout starts an election at once. */
  public RaftRules(ReplicationLimits limits) {
    this(limits, EnumSet.noneOf(UnsafeRule.class), false);
  }

  /** Rules with deliberately broken parts switched on: for tests that prove the checkers can fail. */
  public RaftRules(ReplicationLimits limits, Set<UnsafeRule> unsafe) {
    this(limits, unsafe, false);
  }

  /** @param preVote whether an election timeout first asks for pre-votes (§9.6) */
  public RaftRules(ReplicationLimits limits, Set<UnsafeRule> unsafe, boolean preVote) {
    Set<UnsafeRule> broken = unsafe.isEmpty() ? EnumSet.noneOf(UnsafeRule.class) : EnumSet.copyOf(unsafe);
    this.unsafe = broken;
    this.preVote = preVote;
    this.replication = new ReplicationRules(limits, broken);
    this.election = new ElectionRules(broken, replication);
  }

  /** A peer RPC or response, from a member that has not heard from a leader lately. */
  public Step onMessage(MemberState state, PeerMessage message) {
    return onMessage(state, message, false);
  }

  /**
   * A peer RPC or response. Messages from outside the membership are ignored, and so is a vote request for a
   * later term that arrives while {@code leaderHeardRecently}: within the minimum election timeout of hearing from a current
   * leader (for a leader: while its lease holds) "it does not update its term or grant its vote" (§4.2.3).
   * That keeps a member that lost touch with the leader from deposing it, and lets a leader hold a lease.
   */
  public Step onMessage(MemberState state, PeerMessage message, boolean leaderHeardRecently) {
    if (!state.membership().contains(message.from())) return Step.unchanged(state, Step.Fact.FROM_UNKNOWN_MEMBER);
    if (message.from().equals(state.selfId())) return Step.unchanged(state);
    // Requests of this or an older term are answered as usual: they can neither raise the term nor win.
    if (message instanceof VoteRequest && message.term() > state.currentTerm() && leaderHeardRecently
        && !unsafe.contains(UnsafeRule.VOTE_DESPITE_RECENT_LEADER)) {
      return Step.unchanged(state, Step.Fact.VOTE_REQUEST_IGNORED);
    }
    StepBuilder b = new StepBuilder(state);
    // Pre-votes and their grants carry a term that nobody has reached yet: they must not raise anyone's.
    if (message instanceof PreVote m) {
      election.onPreVote(b, m);
    } else if (message instanceof PreVoteReply m && m.granted()) {
      election.onPreVoteReply(b, m);
    } else if (TermRule.admit(b, message)) {
      if (message instanceof RequestVote m) election.onRequestVote(b, m);
      else if (message instanceof VoteReply m) election.onVoteReply(b, m);
      else if (message instanceof AppendEntries m) replication.onAppendEntries(b, m);
      else if (message instanceof AppendReply m) replication.onAppendReply(b, m);
    }
    return b.build();
  }

  /**
   * "If election timeout elapses without receiving AppendEntries ... convert to candidate" (Figure 3.1); with
   * Pre-Vote, to pre-candidate first (§9.6). So does a candidate whose election timed out: it may have been
   * cut off since its pre-vote round, and must not keep raising its term alone.
   */
  public Step onElectionTimeout(MemberState state) {
    if (state.isLeader()) return Step.unchanged(state);
    StepBuilder b = new StepBuilder(state);
    if (preVote) election.startPreVote(b);
    else election.startElection(b);
    return b.build();
  }

  /**
   * A leader that has not heard from a majority for an election timeout steps down, in its own term (etcd's
   * "check quorum"): it can commit nothing, its clients are better served elsewhere, and while it sends
   * heartbeats that cannot be answered (a one-way link failure) its followers would never elect another.
   */
  public Step stepDown(MemberState state) {
    if (!state.isLeader()) return Step.unchanged(state);
    StepBuilder b = new StepBuilder(state);
    b.role(new RoleState.Follower());
    b.leader(null);
    b.resetElectionTimer();
    return b.build();
  }

  /** The leader's heartbeat: "repeat during idle periods to prevent election timeouts" (§3.4). */
  public Step onHeartbeat(MemberState state) {
    if (!state.isLeader()) return Step.unchanged(state);
    StepBuilder b = new StepBuilder(state);
    replication.broadcast(b, true);
    return b.build();
  }

  /**
   * "If command received from client: append entry to local log" (Figure 3.1), at indices
   * {@code lastIndex + 1 ...}, and start replicating it in parallel with the local write (§10.2.1).
   */
  public Step propose(MemberState state, List<Payload> commands) {
    if (!state.isLeader() || commands.isEmpty()) return Step.unchanged(state);
    StepBuilder b = new StepBuilder(state);
    List<LogEntry> entries = new ArrayList<>(commands.size());
    long index = state.log().lastIndex();
    for (Payload command : commands) entries.add(LogEntry.command(state.currentTerm(), ++index, command));
    b.append(entries);
    replication.broadcast(b, false);
    replication.advanceCommitIndex(b);
    return b.build();
  }

  /**
   * Starts a read-confirmation round (§6.4 step 3); reads registered before it are safe to answer once
   * {@link #confirmedReadRound} reaches the step's {@link Step#readRoundStarted}.
   */
  public Step startReadRound(MemberState state) {
    if (!state.isLeader()) return Step.unchanged(state);
    StepBuilder b = new StepBuilder(state);
    replication.startReadRound(b);
    return b.build();
  }

  /** The latest read round a majority has acknowledged, so reads of that round or earlier may proceed. */
  public static long confirmedReadRound(MemberState state) {
    return ReplicationRules.confirmedReadRound(state);
  }

  /**
   * §6.4 step 1: a new leader may serve reads only once an entry of its own term is committed; until then
   * its commit index may lag behind what earlier leaders committed.
   */
  public static boolean mayServeReads(MemberState state) {
    return state.isLeader() && state.log().termAt(state.commitIndex()) == state.currentTerm();
  }

  /** The journal confirmed a write: a candidate's own vote may now count, a leader's own entries too. */
  public Step onDurable(MemberState state, Durable durable) {
    StepBuilder b = new StepBuilder(state);
    b.durable(durable);
    election.maybeWin(b);
    replication.advanceCommitIndex(b);
    return b.build();
  }
}
