package io.akkaraft.role;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import io.akkaraft.ClientProtocol.GetStatus;
import io.akkaraft.ClientProtocol.ReadRejected;
import io.akkaraft.ClientProtocol.ReadResult;
import io.akkaraft.ClientProtocol.Status;
import io.akkaraft.RaftCommand;
import io.akkaraft.RaftSettings;
import io.akkaraft.core.Durable;
import io.akkaraft.core.Envelope;
import io.akkaraft.core.MemberState;
import io.akkaraft.core.PeerProtocol.PeerMessage;
import io.akkaraft.core.PeerProtocol.PreVote;
import io.akkaraft.core.RaftRules;
import io.akkaraft.core.RoleState;
import io.akkaraft.core.Step;
import io.akkaraft.persistence.JournalProtocol;
import io.akkaraft.persistence.JournalProtocol.Written;
import io.akkaraft.transport.PeerTransport;
import java.util.function.LongSupplier;

/**
 * The executor every role shares: it feeds inputs to the pure {@link RaftRules} and carries out the {@link
 * Step} they return — journal writes (group-committed through {@link WriteQueue}), messages now and after
 * durability, applying committed entries, the observer and metrics — and switches role behavior when the
 * step changed the role. What a role does on its own lives in {@link Leader} and {@link NonLeader}.
 */
final class Member {
  final ActorContext<RaftCommand> context;
  final TimerScheduler<RaftCommand> timers;
  final RaftSettings settings;
  final RaftRules rules;
  final PeerTransport transport;
  final RaftMember.CommandCodec codec;
  /** This member's monotonic clock in nanoseconds: for leader stickiness and the read lease only. */
  final LongSupplier clock;
  final ElectionTimer electionTimer;
  /** Reads waiting for a confirmation round or for their read index to be applied, in every role. */
  final PendingReads reads = new PendingReads();
  /** When this member last heard from a leader of its current term (or recovered: it may have forgotten one). */
  long leaderContactAt;
  private final ActorRef<JournalProtocol.Command> journal;
  private final WriteQueue writes = new WriteQueue();
  private final Applier applier;
  private final RaftMember.StateObserver observer;
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
    this.electionTimer = new ElectionTimer(timers, settings, clock);
    this.state = recovered;
    this.metrics = new MetricsReporter(parts.metrics(), recovered);
  }

  MemberState state() {
    return state;
  }

  Behavior<RaftCommand> onPeerMessage(PeerMessage message, RoleBehavior role) {
    String problem = PeerMessageCheck.problem(message, state);
    if (problem != null) {
      context.getLog().warn("dropped malformed {}: {}", message.getClass().getSimpleName(), problem);
      return Behaviors.same();
    }
    long now = clock.getAsLong();
    Step step = rules.onMessage(state, message, role.leaderHeardRecently(now));
    if (step.has(Step.Fact.FROM_UNKNOWN_MEMBER)) {
      context.getLog().warn("dropped {} from unknown member '{}'", message.getClass().getSimpleName(), message.from());
      return Behaviors.same();
    }
    if (step.has(Step.Fact.VOTE_REQUEST_IGNORED)) {
      context.getLog().info("{} ignores {}'s {} for term {}: {} (§4.2.3)", settings.memberId(), message.from(),
          message instanceof PreVote ? "pre-vote request" : "vote request", message.term(), role.whyLeaderHeard(now));
    }
    if (step.has(Step.Fact.LEADER_HEARD)) leaderContactAt = now;
    role.onPeerStep(message, step, now);
    return carryOut(step, role);
  }

  Behavior<RaftCommand> onWritten(Written written, RoleBehavior role) {
    Durable durable = writes.written(written.seq());
    for (Envelope envelope : writes.releasable(written.seq())) send(envelope);
    return carryOut(rules.onDurable(state, durable), role);
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

  /** Carries out a rule's decision made in {@code role}; returns the behavior of the resulting role. */
  Behavior<RaftCommand> carryOut(Step step, RoleBehavior role) {
    RoleBehavior next = applyStep(step, role);
    next.afterStep();
    answerAppliedReads();
    observer.onState(state);
    metrics.onStep(state, applier.lastApplied());
    return next == role ? Behaviors.same() : next;
  }

  /**
   * Everything a step asks for but reads: returns {@code role}, or the behavior of the next role when the
   * step changed it (the old role has left by then, and the new one has begun).
   */
  RoleBehavior applyStep(Step step, RoleBehavior role) {
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
    RoleBehavior next = role;
    if (before.getClass() != state.role().getClass()) {
      context.getLog().info("{} is {} in term {}", settings.memberId(), state.role().name(), state.currentTerm());
      role.onLeave();
      next = behaviorFor(state.role());
    }
    if (step.resetElectionTimer() && !state.isLeader()) electionTimer.start();
    applier.applyCommitted(state, next.appliedListener());
    return next;
  }

  private RoleBehavior behaviorFor(RoleState role) {
    if (role instanceof RoleState.Leader) return new Leader(this);
    if (role instanceof RoleState.Candidate || role instanceof RoleState.PreCandidate) return new Candidate(this);
    return new Follower(this);
  }

  void answerAppliedReads() {
    for (var ready : reads.ready(applier.lastApplied())) answerQuery(ready.getValue());
  }

  void answerQuery(PendingReads.Read read) {
    try {
      read.replyTo().tell(new ReadResult(applier.lastApplied(), applier.query(read.query())));
    } catch (RuntimeException e) {
      read.replyTo().tell(new ReadRejected(e.getMessage() == null ? e.toString() : e.getMessage()));
    }
  }

  private void send(Envelope envelope) {
    metrics.onSend(envelope.message());
    transport.send(envelope.to(), envelope.message());
  }
}
