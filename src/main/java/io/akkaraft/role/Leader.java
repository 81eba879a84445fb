package io.akkaraft.role;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.akkaraft.ClientProtocol.GetReadIndex;
import io.akkaraft.ClientProtocol.NotLeader;
import io.akkaraft.ClientProtocol.Overloaded;
import io.akkaraft.ClientProtocol.ReadIndexGranted;
import io.akkaraft.ClientProtocol.ReadUnavailable;
import io.akkaraft.ClientProtocol.Rejected;
import io.akkaraft.ClientProtocol.Submit;
import io.akkaraft.RaftCommand;
import io.akkaraft.RaftSettings;
import io.akkaraft.core.LogEntry;
import io.akkaraft.core.MemberState;
import io.akkaraft.core.Payload;
import io.akkaraft.core.PeerProtocol.PeerMessage;
import io.akkaraft.core.RaftRules;
import io.akkaraft.core.RoleState;
import io.akkaraft.core.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * Leader (Figure 3.1, §3.5): batches client commands into proposals, replicates them with heartbeats in
 * between, commits by majority with an entry of its own term, and answers each client once its entry is
 * applied. It refuses commands past {@code max-uncommitted-bytes} (back-pressure), steps down when no
 * majority answers for an election timeout (check quorum), and serves linearizable reads after a heartbeat
 * round or, with {@code lease-reads}, from its lease (§6.4).
 */
final class Leader extends RoleBehavior {
  private final LeaderState leading;
  private final RaftSettings settings;

  /** Leadership starts: no election timeout while it lasts, a heartbeat instead. */
  Leader(Member member) {
    super(member);
    this.settings = member.settings;
    this.leading = new LeaderState(settings, member.state(), member.clock.getAsLong());
    member.electionTimer.stop();
    member.timers.startTimerWithFixedDelay(
        Internal.TimerKey.HEARTBEAT, Internal.HeartbeatTick.INSTANCE, settings.heartbeatInterval());
  }

  @Override
  public Receive<RaftCommand> createReceive() {
    return sharedHandlers()
        .onMessage(Submit.class, this::propose)
        .onMessageEquals(Internal.FlushProposals.INSTANCE, this::onFlushProposals)
        .onMessageEquals(Internal.HeartbeatTick.INSTANCE, this::onHeartbeat)
        .onMessage(Internal.ElectionTimeout.class, timeout -> Behaviors.same())
        .build();
  }

  // ---- proposing ----

  /**
   * Accepts the command for the next batch; it is answered once applied (see {@link ClientReplies}). The
   * batch is proposed when the flush message this schedules arrives, after every command already in the
   * mailbox: under load, many commands share one rule step, one journal write and one AppendEntries.
   */
  private Behavior<RaftCommand> propose(Submit submit) {
    if (joinedEarlierAttempt(submit)) return Behaviors.same();
    Payload payload;
    try {
      payload = member.codec.encode(submit.command());
    } catch (Exception e) {
      submit.replyTo().tell(new Rejected("command cannot be serialized: " + e.getMessage()));
      return Behaviors.same();
    }
    if (payload.sizeBytes() > settings.maxCommandBytes()) {
      submit.replyTo().tell(new Rejected("command of " + payload.sizeBytes()
          + " bytes exceeds akka-raft.max-command-bytes = " + settings.maxCommandBytes()));
      return Behaviors.same();
    }
    int bytes = LogEntry.sizeBytesOf(payload);
    UncommittedBytes uncommitted = leading.uncommitted;
    if (!uncommitted.admits(bytes)) {
      submit.replyTo().tell(new Overloaded(uncommitted.held() + " bytes of commands are not committed yet "
          + "(akka-raft.max-uncommitted-bytes = " + uncommitted.limit() + "): followers are slow or unreachable"));
      return Behaviors.same();
    }
    uncommitted.queued(bytes);
    LeaderState.Proposal proposal = new LeaderState.Proposal(payload, submit.replyTo(), submit.retryKey());
    leading.proposals.add(proposal);
    if (submit.retryKey() != null) leading.proposalsByRetryKey.put(submit.retryKey(), proposal);
    if (!leading.flushScheduled) {
      leading.flushScheduled = true;
      getContext().getSelf().tell(Internal.FlushProposals.INSTANCE);
    }
    return Behaviors.same();
  }

  /**
   * A retry of a command this leadership already holds (queued or appended, not yet applied): it waits for
   * that one's outcome. Re-sending a large command to a leader that is only slow would otherwise append it
   * once more per attempt, and the extra copies slow the leader further.
   */
  private boolean joinedEarlierAttempt(Submit submit) {
    String key = submit.retryKey();
    if (key == null) return false;
    LeaderState.Proposal queued = leading.proposalsByRetryKey.get(key);
    if (queued != null) {
      queued.join(submit.replyTo());
      return true;
    }
    return leading.clients.join(key, submit.replyTo());
  }

  private Behavior<RaftCommand> onFlushProposals() {
    leading.flushScheduled = false;
    List<LeaderState.Proposal> proposals = leading.proposals;
    if (proposals.isEmpty()) return Behaviors.same();
    MemberState state = member.state();
    List<Payload> batch = new ArrayList<>(proposals.size());
    long index = state.log().lastIndex();
    for (LeaderState.Proposal proposal : proposals) {
      leading.clients.await(++index, state.currentTerm(), proposal.replyTo, proposal.retryKey);
      for (var retry : proposal.joined) leading.clients.join(proposal.retryKey, retry);
      batch.add(proposal.payload);
    }
    proposals.clear();
    leading.proposalsByRetryKey.clear();
    leading.uncommitted.appendedQueue();
    return carryOut(member.rules.propose(state, batch));
  }

  // ---- heartbeats and check quorum ----

  /**
   * With lease reads on, every heartbeat is a confirmation round that can extend the lease. A leader that no
   * majority has answered for an election timeout steps down instead (see {@link RaftRules#stepDown}).
   */
  private Behavior<RaftCommand> onHeartbeat() {
    long now = member.clock.getAsLong();
    MemberState state = member.state();
    if (!leading.quorum.active(now, settings.electionTimeoutMax().toNanos())) {
      getContext().getLog().warn("{} steps down in term {}: no majority answered for {} ms", settings.memberId(),
          state.currentTerm(), leading.quorum.majorityAge(now) / 1_000_000);
      return carryOut(member.rules.stepDown(state));
    }
    if (state.role() instanceof RoleState.Leader leader) {
      for (String news : leading.stalled.check(leader.progress(), state.log().lastIndex(), now)) {
        getContext().getLog().warn("{} (leader in term {}): {}", settings.memberId(), state.currentTerm(), news);
      }
    }
    if (leading.lease == null) return carryOut(member.rules.onHeartbeat(state));
    Step step = member.rules.startReadRound(state);
    leading.lease.roundStarted(step.readRoundStarted(), now);
    return carryOut(step);
  }

  @Override
  boolean leaderHeardRecently(long now) {
    return (leading.lease != null && leading.lease.validAt(now))
        || leading.quorum.active(now, settings.electionTimeoutMin().toNanos());
  }

  @Override
  String whyLeaderHeard(long now) {
    return "it leads, and a majority answers it";
  }

  @Override
  void onPeerStep(PeerMessage message, Step step, long now) {
    if (step.has(Step.Fact.FOLLOWER_ANSWERED)) leading.quorum.heardFrom(message.from(), now);
  }

  // ---- carrying out steps ----

  @Override
  Applier.Listener appliedListener() {
    return leading.answerClients;
  }

  @Override
  void afterStep() {
    MemberState state = member.state();
    leading.uncommitted.committedUpTo(state);
    if (leading.lease != null && leading.lease.awaitsConfirmation()) {
      leading.lease.confirmed(RaftRules.confirmedReadRound(state));
    }
    pumpReads();
  }

  /** Whatever this leadership promised and has not delivered fails; the member awaits the next election. */
  @Override
  void onLeave() {
    MemberState state = member.state();
    if (leading.lease != null) leading.lease.revoke();
    member.timers.cancel(Internal.TimerKey.HEARTBEAT);
    leading.clients.failAll("leadership lost in term " + state.currentTerm());
    for (LeaderState.Proposal never : leading.proposals) {
      NotLeader notAppended = new NotLeader(state.leaderId(), null);
      never.replyTo.tell(notAppended);
      for (var retry : never.joined) retry.tell(notAppended);
    }
    leading.proposals.clear();
    leading.proposalsByRetryKey.clear();
    for (PendingReads.Read read : member.reads.drain()) {
      read.replyTo().tell(new ReadUnavailable("leadership lost in term " + state.currentTerm(), state.leaderId()));
    }
    member.electionTimer.start();
  }

  // ---- linearizable reads (§6.4) ----

  @Override
  void onLinearizableRead(PendingReads.Read read) {
    if (leaseHolds()) {
      member.reads.awaitApply(member.state().commitIndex(), read);
    } else {
      member.reads.add(read);
      pumpReads();
    }
    member.answerAppliedReads();
  }

  @Override
  Behavior<RaftCommand> onGetReadIndex(GetReadIndex request) {
    if (leaseHolds()) {
      request.replyTo().tell(new ReadIndexGranted(member.state().commitIndex()));
      return Behaviors.same();
    }
    member.reads.add(new PendingReads.Read(null, request.replyTo()));
    pumpReads();
    return Behaviors.same();
  }

  /**
   * §6.4.1: while its lease holds, no other leader can exist, so the leader's commit index is a safe read
   * index without a heartbeat round (once an entry of its term is committed, as for every read).
   */
  private boolean leaseHolds() {
    return leading.lease != null && RaftRules.mayServeReads(member.state())
        && leading.lease.validAt(member.clock.getAsLong());
  }

  /**
   * Once an entry of its term is committed, confirms leadership for waiting reads with one heartbeat round
   * (all reads that arrived before the round share it), then hands them the read index.
   */
  private void pumpReads() {
    PendingReads reads = member.reads;
    while (!reads.noneWaitingForRound() && RaftRules.mayServeReads(member.state())) {
      PendingReads.IndexGrants grants = reads.onConfirmed(RaftRules.confirmedReadRound(member.state()));
      grants.reads().forEach(r -> r.replyTo().tell(new ReadIndexGranted(grants.readIndex())));
      if (reads.roundUnderWay() || !reads.hasReadsForNewRound()) return;
      long readIndex = member.state().commitIndex();
      Step round = member.rules.startReadRound(member.state());
      member.applyStep(round, this);
      reads.beginRound(round.readRoundStarted(), readIndex);
    }
  }
}
