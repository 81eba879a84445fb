package io.akkaraft.role;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import io.akkaraft.ClientProtocol;
import io.akkaraft.ClientProtocol.Consistency;
import io.akkaraft.ClientProtocol.GetReadIndex;
import io.akkaraft.ClientProtocol.GetStatus;
import io.akkaraft.ClientProtocol.Read;
import io.akkaraft.ClientProtocol.ReadIndexGranted;
import io.akkaraft.ClientProtocol.ReadRejected;
import io.akkaraft.ClientProtocol.ReadReply;
import io.akkaraft.ClientProtocol.ReadResult;
import io.akkaraft.ClientProtocol.ReadUnavailable;
import io.akkaraft.ClientProtocol.NotLeader;
import io.akkaraft.ClientProtocol.Overloaded;
import io.akkaraft.ClientProtocol.Rejected;
import io.akkaraft.ClientProtocol.Status;
import io.akkaraft.ClientProtocol.Submit;
import io.akkaraft.RaftCommand;
import io.akkaraft.RaftMetrics;
import io.akkaraft.RaftSettings;
import io.akkaraft.StateMachine;
import io.akkaraft.core.Durable;
import io.akkaraft.core.Envelope;
import io.akkaraft.core.LogEntry;
import io.akkaraft.core.MemberState;
import io.akkaraft.core.Payload;
import io.akkaraft.core.PeerProtocol.AppendEntries;
import io.akkaraft.core.PeerProtocol.AppendReply;
import io.akkaraft.core.PeerProtocol.PeerMessage;
import io.akkaraft.core.PeerProtocol.PreVote;
import io.akkaraft.core.PeerProtocol.RequestVote;
import io.akkaraft.core.RaftRules;
import io.akkaraft.core.RoleState;
import io.akkaraft.core.Step;
import io.akkaraft.persistence.JournalProtocol;
import io.akkaraft.persistence.JournalProtocol.Written;
import io.akkaraft.transport.PeerTransport;
import io.akkaraft.util.Asks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * The machinery every role shares: it feeds inputs to the pure {@link RaftRules} and carries out the
 * {@link Step} they return — journal writes (group-committed through {@link WriteQueue}), messages now and
 * after durability, timers, applying committed entries, and the next role behavior.
 */
final class Member {
  final ActorContext<RaftCommand> context;
  private final TimerScheduler<RaftCommand> timers;
  private final RaftSettings settings;
  private final RaftRules rules;
  private final PeerTransport transport;
  private final ActorRef<JournalProtocol.Command> journal;
  private final WriteQueue writes = new WriteQueue();
  private final Applier applier;
  private final ClientReplies clients = new ClientReplies();
  private final PendingReads reads = new PendingReads();
  /** Commands accepted since the last flush: proposed together, as one append and one AppendEntries. */
  private final List<Proposal> proposals = new ArrayList<>();
  private final UncommittedBytes uncommitted;
  private boolean flushScheduled;
  private final Random random;
  private final RaftMember.StateObserver observer;
  private final RaftMember.CommandCodec codec;
  /** This member's monotonic clock in nanoseconds: for leader stickiness and the read lease only. */
  private final LongSupplier clock;
  /** When this member last heard from a leader of its current term (or recovered: it may have forgotten one). */
  private long leaderContactAt;
  /** When the election timeout elapses unless reset again, by {@link #clock}; see {@link #startElectionTimer}. */
  private long electionDeadline;
  private boolean electionTimerArmed;
  /** Who answered this leadership lately; null unless leading. */
  private QuorumContact quorum;
  /** Followers that stopped catching up with this leadership; null unless leading. */
  private StalledFollowers stalled;
  /** The read lease of this leadership; null unless leading with {@code lease-reads} on. */
  private LeaderLease lease;
  private final MetricsReporter metrics;
  private MemberState state;

  Member(ActorContext<RaftCommand> context, TimerScheduler<RaftCommand> timers, MemberParts parts,
      MemberState recovered) {
    this.settings = parts.settings();
    this.observer = parts.observer();
    this.clock = parts.clock();
    // A restarted member may have acknowledged a leader's heartbeat just before it went down. With leases it
    // must keep refusing votes as if it had heard from that leader now, or the leader's lease could break.
    long now = clock.getAsLong();
    this.leaderContactAt = settings.leaseReads() ? now : now - settings.electionTimeoutMin().toNanos();
    this.codec = parts.codec();
    this.context = context;
    this.timers = timers;
    this.rules = new RaftRules(settings.limits(), parts.unsafeRules(), settings.preVote());
    this.transport = parts.transport();
    this.journal = parts.journal();
    this.applier = new Applier(parts.stateMachine(), codec, context.getLog());
    this.random = new Random(settings.randomSeed());
    this.state = recovered;
    this.metrics = new MetricsReporter(parts.metrics(), recovered);
    this.uncommitted = new UncommittedBytes(settings.maxUncommittedBytes());
  }

  MemberState state() {
    return state;
  }

  Behavior<RaftCommand> onPeerMessage(PeerMessage message) {
    String problem = PeerMessageCheck.problem(message, state);
    if (problem != null) {
      context.getLog().warn("dropped malformed {}: {}", message.getClass().getSimpleName(), problem);
      return Behaviors.same();
    }
    if (!state.membership().contains(message.from())) {
      context.getLog().warn("dropped {} from unknown member '{}'", message.getClass().getSimpleName(), message.from());
      return Behaviors.same();
    }
    long now = clock.getAsLong();
    boolean sticky = leaderHeardRecently(now);
    if (sticky && (message instanceof RequestVote || message instanceof PreVote)
        && message.term() > state.currentTerm()) {
      context.getLog().info("{} ignores {}'s {} for term {}: {} (§4.2.3)", settings.memberId(), message.from(),
          message instanceof PreVote ? "pre-vote request" : "vote request", message.term(),
          state.isLeader() ? "it leads, and a majority answers it"
              : "heard from leader " + state.leaderId() + " " + (now - leaderContactAt) / 1_000_000 + " ms ago");
    }
    Step step = rules.onMessage(state, message, sticky);
    MemberState next = step.state();
    if (message instanceof AppendEntries && message.term() == next.currentTerm()
        && message.from().equals(next.leaderId())) {
      leaderContactAt = now;
    } else if (quorum != null && message instanceof AppendReply && message.term() == state.currentTerm()) {
      quorum.heardFrom(message.from(), now);
    }
    return carryOut(step);
  }

  /**
   * §4.2.3: within the minimum election timeout of hearing from a current leader a member ignores vote
   * requests; a leader does so while its lease holds, since its lease counts on not being deposed.
   */
  private boolean leaderHeardRecently(long now) {
    if (state.isLeader()) {
      return (lease != null && lease.validAt(now)) || quorum.active(now, settings.electionTimeoutMin().toNanos());
    }
    return now - leaderContactAt < settings.electionTimeoutMin().toNanos();
  }

  Behavior<RaftCommand> onElectionTimer() {
    electionTimerArmed = false;
    long remaining = electionDeadline - clock.getAsLong();
    if (remaining > 0) { // reset since this timer was armed
      armElectionTimer(remaining);
      return Behaviors.same();
    }
    return onElectionTimeout();
  }

  /** The timeout elapses now, whatever the deadline: the timer is stopped and armed afresh on the next reset. */
  Behavior<RaftCommand> onElectionTimeoutNow() {
    timers.cancel(Internal.TimerKey.ELECTION);
    electionTimerArmed = false;
    return onElectionTimeout();
  }

  private Behavior<RaftCommand> onElectionTimeout() {
    long known = state.membership().peersOf(state.selfId()).stream().filter(transport::knows).count();
    if (known + 1 < state.membership().quorum()) {
      // Nobody to win votes from yet: a new term would only disrupt peers once they appear.
      context.getLog().debug("{} knows {} peers, too few to win an election; waiting", settings.memberId(), known);
      startElectionTimer();
      return Behaviors.same();
    }
    // One line per election: when elections repeat, the terms and who answered tell why.
    context.getLog().info("{} {} term {} (last log {}/{}; heard last from a leader {} ms ago)",
        settings.memberId(), settings.preVote() ? "asks for pre-votes for" : "stands for election in",
        state.currentTerm() + 1, state.log().lastIndex(), state.log().lastTerm(),
        (clock.getAsLong() - leaderContactAt) / 1_000_000);
    return carryOut(rules.onElectionTimeout(state));
  }

  /**
   * With lease reads on, every heartbeat is a confirmation round that can extend the lease. A leader that no
   * majority has answered for an election timeout steps down instead (see {@link RaftRules#stepDown}).
   */
  Behavior<RaftCommand> onHeartbeat() {
    long now = clock.getAsLong();
    if (!quorum.active(now, settings.electionTimeoutMax().toNanos())) {
      context.getLog().warn("{} steps down in term {}: no majority answered for {} ms", settings.memberId(),
          state.currentTerm(), quorum.majorityAge(now) / 1_000_000);
      return carryOut(rules.stepDown(state));
    }
    if (stalled != null && state.role() instanceof RoleState.Leader leading) {
      for (String news : stalled.check(leading.progress(), state.log().lastIndex(), now)) {
        context.getLog().warn("{} (leader in term {}): {}", settings.memberId(), state.currentTerm(), news);
      }
    }
    if (lease == null) return carryOut(rules.onHeartbeat(state));
    Step step = rules.startReadRound(state);
    lease.roundStarted(((RoleState.Leader) step.state().role()).readRound(), now);
    return carryOut(step);
  }

  Behavior<RaftCommand> onWritten(Written written) {
    Durable durable = writes.written(written.seq());
    for (Envelope envelope : writes.releasable(written.seq())) send(envelope);
    return carryOut(rules.onDurable(state, durable));
  }

  private record Proposal(Payload payload, ActorRef<ClientProtocol.SubmitReply> replyTo) {}

  /**
   * A leader accepts the command for the next batch; it is answered once applied (see {@link
   * ClientReplies}). The batch is proposed when the flush message this schedules arrives, after every
   * command already in the mailbox: under load, many commands share one rule step, one journal write and
   * one AppendEntries.
   */
  Behavior<RaftCommand> propose(Submit submit) {
    Payload payload;
    try {
      payload = codec.encode(submit.command());
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
    if (!uncommitted.admits(bytes)) {
      submit.replyTo().tell(new Overloaded(uncommitted.held() + " bytes of commands are not committed yet "
          + "(akka-raft.max-uncommitted-bytes = " + uncommitted.limit() + "): followers are slow or unreachable"));
      return Behaviors.same();
    }
    uncommitted.queued(bytes);
    proposals.add(new Proposal(payload, submit.replyTo()));
    if (!flushScheduled) {
      flushScheduled = true;
      context.getSelf().tell(Internal.FlushProposals.INSTANCE);
    }
    return Behaviors.same();
  }

  Behavior<RaftCommand> onFlushProposals() {
    flushScheduled = false;
    if (proposals.isEmpty() || !state.isLeader()) return Behaviors.same();
    List<Payload> batch = new ArrayList<>(proposals.size());
    long index = state.log().lastIndex();
    for (Proposal proposal : proposals) {
      clients.await(++index, state.currentTerm(), proposal.replyTo());
      batch.add(proposal.payload());
    }
    proposals.clear();
    uncommitted.appendedQueue();
    return carryOut(rules.propose(state, batch));
  }

  /** Followers and candidates point the client at the leader they know of. */
  Behavior<RaftCommand> redirect(Submit submit) {
    String leader = state.leaderId();
    ActorRef<RaftCommand> ref = leader == null ? null : transport.refOf(leader).orElse(null);
    submit.replyTo().tell(new NotLeader(leader, ref));
    return Behaviors.same();
  }

  Behavior<RaftCommand> onGetStatus(GetStatus request) {
    request.replyTo().tell(new Status(settings.memberId(), state.role().name(), state.currentTerm(),
        state.leaderId(), state.commitIndex(), applier.lastApplied(), state.log().lastIndex(),
        state.membership().sorted()));
    return Behaviors.same();
  }

  Behavior<RaftCommand> onTransportEvent(PeerTransport.TransportEvent event) {
    transport.onEvent(event);
    return Behaviors.same();
  }

  /** Carries out a rule's decision and returns the behavior of the resulting role. */
  Behavior<RaftCommand> carryOut(Step step) {
    boolean roleChanged = applyStep(step);
    if (lease != null && lease.awaitsConfirmation()) lease.confirmed(RaftRules.confirmedReadRound(state));
    pumpReads();
    answerAppliedReads();
    observer.onState(state);
    metrics.onStep(state, applier.lastApplied());
    return roleChanged ? behaviorFor(state.role()) : Behaviors.same();
  }

  /** Everything a step asks for but reads; returns whether the role changed. */
  private boolean applyStep(Step step) {
    RoleState before = state.role();
    state = step.state();
    writes.add(step.events());
    step.sendNow().forEach(this::send);
    if (!step.sendAfterDurable().isEmpty()) {
      long seq = writes.undurableSeq();
      for (Envelope envelope : step.sendAfterDurable()) {
        if (seq == 0) send(envelope);
        else writes.defer(seq, envelope);
      }
    }
    writes.nextWrite(state).ifPresent(journal::tell);
    boolean roleChanged = before.getClass() != state.role().getClass();
    if (roleChanged) onRoleChange(before);
    if (step.resetElectionTimer() && !state.isLeader()) startElectionTimer();
    if (state.isLeader()) uncommitted.committedUpTo(state);
    applier.applyCommitted(state, clients::onApplied);
    return roleChanged;
  }

  // ---- linearizable reads (§6.4) ----

  Behavior<RaftCommand> onRead(Read read) {
    PendingReads.Read pending = new PendingReads.Read(read.query(), read.replyTo());
    if (read.consistency() == Consistency.LOCAL) {
      answerQuery(pending);
    } else if (leaseHolds()) {
      reads.awaitApply(state.commitIndex(), pending);
      answerAppliedReads();
    } else if (state.isLeader()) {
      reads.add(pending);
      pumpReads();
      answerAppliedReads();
    } else {
      askLeaderForReadIndex(pending);
    }
    return Behaviors.same();
  }

  Behavior<RaftCommand> onGetReadIndex(GetReadIndex request) {
    if (!state.isLeader()) {
      request.replyTo().tell(new ReadUnavailable("not the leader", state.leaderId()));
      return Behaviors.same();
    }
    if (leaseHolds()) {
      request.replyTo().tell(new ReadIndexGranted(state.commitIndex()));
      return Behaviors.same();
    }
    reads.add(new PendingReads.Read(null, request.replyTo()));
    pumpReads();
    return Behaviors.same();
  }

  Behavior<RaftCommand> onReadIndexAnswer(Internal.ReadIndexAnswer answer) {
    if (answer.reply() instanceof ReadIndexGranted granted) {
      reads.awaitApply(granted.index(), answer.read());
      answerAppliedReads();
    } else if (answer.reply() != null) {
      answer.read().replyTo().tell(answer.reply());
    } else {
      answer.read().replyTo().tell(new ReadUnavailable("leader did not answer: " + answer.failure().getMessage(),
          state.leaderId()));
    }
    return Behaviors.same();
  }

  /**
   * §6.4.1: while its lease holds, no other leader can exist, so the leader's commit index is a safe read
   * index without a heartbeat round (once an entry of its term is committed, as for every read).
   */
  private boolean leaseHolds() {
    return lease != null && RaftRules.mayServeReads(state) && lease.validAt(clock.getAsLong());
  }

  /** §6.4: a follower asks the leader for a read index, then waits for its own state machine to reach it. */
  private void askLeaderForReadIndex(PendingReads.Read read) {
    String leader = state.leaderId();
    ActorRef<RaftCommand> ref = leader == null ? null : transport.refOf(leader).orElse(null);
    if (ref == null) {
      read.replyTo().tell(new ReadUnavailable("no leader known", leader));
      return;
    }
    Asks.ask(context, ReadReply.class, ref, settings.electionTimeoutMax().multipliedBy(2), GetReadIndex::new,
        (reply, failure) -> new Internal.ReadIndexAnswer(read, reply, failure));
  }

  /**
   * Leader only: once an entry of its term is committed, confirms leadership for waiting reads with one
   * heartbeat round (all reads that arrived before the round share it), then hands them the read index.
   */
  private void pumpReads() {
    while (!reads.noneWaitingForRound() && RaftRules.mayServeReads(state)) {
      PendingReads.IndexGrants grants = reads.onConfirmed(RaftRules.confirmedReadRound(state));
      grants.reads().forEach(r -> r.replyTo().tell(new ReadIndexGranted(grants.readIndex())));
      if (reads.roundUnderWay() || !reads.hasReadsForNewRound()) return;
      long readIndex = state.commitIndex();
      applyStep(rules.startReadRound(state));
      reads.beginRound(((RoleState.Leader) state.role()).readRound(), readIndex);
    }
  }

  private void answerAppliedReads() {
    for (var ready : reads.ready(applier.lastApplied())) answerQuery(ready.getValue());
  }

  private void answerQuery(PendingReads.Read read) {
    try {
      read.replyTo().tell(new ReadResult(applier.lastApplied(), applier.query(read.query())));
    } catch (RuntimeException e) {
      read.replyTo().tell(new ReadRejected(e.getMessage() == null ? e.toString() : e.getMessage()));
    }
  }

  private void onRoleChange(RoleState before) {
    context.getLog().info("{} is {} in term {}", settings.memberId(), state.role().name(), state.currentTerm());
    if (before instanceof RoleState.Leader) {
      if (lease != null) lease.revoke();
      lease = null;
      quorum = null;
      stalled = null;
      timers.cancel(Internal.TimerKey.HEARTBEAT);
      clients.failAll("leadership lost in term " + state.currentTerm());
      for (Proposal never : proposals) never.replyTo().tell(new NotLeader(state.leaderId(), null)); // not appended
      proposals.clear();
      for (PendingReads.Read read : reads.drain()) {
        read.replyTo().tell(new ReadUnavailable("leadership lost in term " + state.currentTerm(), state.leaderId()));
      }
      startElectionTimer();
    }
    if (state.isLeader()) {
      uncommitted.startLeading(state);
      // Ten election timeouts: long enough for a large catch-up batch, short enough to matter to an operator.
      stalled = new StalledFollowers(settings.electionTimeoutMax().toNanos() * 10);
      if (settings.leaseReads()) lease = new LeaderLease(settings.leaseDuration().toNanos());
      quorum = new QuorumContact(state.membership().peersOf(state.selfId()), state.membership().quorum(),
          clock.getAsLong());
      timers.cancel(Internal.TimerKey.ELECTION);
      electionTimerArmed = false;
      timers.startTimerWithFixedDelay(
          Internal.TimerKey.HEARTBEAT, Internal.HeartbeatTick.INSTANCE, settings.heartbeatInterval());
    }
  }

  /**
   * (Re)starts the randomized election timeout (§3.4). A follower resets it on every AppendEntries, thousands
   * of times a second under load, so a reset only moves the deadline; the one armed timer, when it fires,
   * arms itself again for whatever time the deadline moved by.
   */
  void startElectionTimer() {
    long min = settings.electionTimeoutMin().toNanos();
    long spread = settings.electionTimeoutMax().toNanos() - min;
    long timeout = min + random.nextLong(spread);
    electionDeadline = clock.getAsLong() + timeout;
    if (!electionTimerArmed) armElectionTimer(timeout);
  }

  private void armElectionTimer(long nanos) {
    electionTimerArmed = true;
    timers.startSingleTimer(Internal.TimerKey.ELECTION, Internal.ElectionTimeout.INSTANCE, Duration.ofNanos(nanos));
  }

  Behavior<RaftCommand> behaviorFor(RoleState role) {
    if (role instanceof RoleState.Leader) return new Leader(this);
    if (role instanceof RoleState.Candidate || role instanceof RoleState.PreCandidate) return new Candidate(this);
    return new Follower(this);
  }

  private void send(Envelope envelope) {
    metrics.onSend(envelope.message());
    transport.send(envelope.to(), envelope.message());
  }
}
