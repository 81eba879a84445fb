package io.akkaraft.role;

import akka.actor.typed.Behavior;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.ReceiveBuilder;
import io.akkaraft.ClientProtocol.Consistency;
import io.akkaraft.ClientProtocol.GetReadIndex;
import io.akkaraft.ClientProtocol.GetStatus;
import io.akkaraft.ClientProtocol.Read;
import io.akkaraft.ClientProtocol.ReadIndexGranted;
import io.akkaraft.ClientProtocol.ReadUnavailable;
import io.akkaraft.RaftCommand;
import io.akkaraft.core.PeerProtocol.PeerMessage;
import io.akkaraft.core.Step;
import io.akkaraft.persistence.JournalProtocol.Written;
import io.akkaraft.transport.PeerTransport.TransportEvent;

/**
 * What every role handles the same way (peer RPCs through the rules, journal acks, status, discovery, local
 * reads), and the hooks through which {@link Member} lets the role take part in carrying out a step.
 */
abstract class RoleBehavior extends AbstractBehavior<RaftCommand> {
  final Member member;

  RoleBehavior(Member member) {
    super(member.context);
    this.member = member;
  }

  ReceiveBuilder<RaftCommand> sharedHandlers() {
    return newReceiveBuilder()
        .onMessage(PeerMessage.class, message -> member.onPeerMessage(message, this))
        .onMessage(Written.class, written -> member.onWritten(written, this))
        .onMessage(GetStatus.class, member::onGetStatus)
        .onMessage(Read.class, this::onRead)
        .onMessage(GetReadIndex.class, this::onGetReadIndex)
        .onMessage(Internal.ReadIndexAnswer.class, this::onReadIndexAnswer)
        .onMessage(TransportEvent.class, member::onTransportEvent)
        .onSignal(Terminated.class, this::onJournalStopped);
  }

  /** Carries out {@code step} with this role taking part; returns the behavior of the resulting role. */
  final Behavior<RaftCommand> carryOut(Step step) {
    return member.carryOut(step, this);
  }

  // ---- hooks for Member; a role that has nothing to add keeps the default ----

  /**
   * §4.2.3: whether a current leader was heard so recently (for a leader: it still leads) that vote requests
   * for a later term are to be ignored.
   */
  abstract boolean leaderHeardRecently(long now);

  /** Why {@link #leaderHeardRecently} held, for the log line of an ignored vote request. */
  abstract String whyLeaderHeard(long now);

  /** The rules took {@code message} from a peer in {@code step}, before it is carried out. */
  void onPeerStep(PeerMessage message, Step step, long now) {}

  /** Who learns of applied entries: a leader's waiting clients. */
  Applier.Listener appliedListener() {
    return Applier.Listener.NONE;
  }

  /** A step of this role was carried out (and committed entries applied). */
  void afterStep() {}

  /** The role ends with the step being carried out; the next role's behavior is made right after. */
  void onLeave() {}

  // ---- reads (§6.4) ----

  private Behavior<RaftCommand> onRead(Read read) {
    PendingReads.Read pending = new PendingReads.Read(read.query(), read.replyTo());
    if (read.consistency() == Consistency.LOCAL) member.answerQuery(pending);
    else onLinearizableRead(pending);
    return Behaviors.same();
  }

  /** A read that must reflect every write committed before it arrived. */
  abstract void onLinearizableRead(PendingReads.Read read);

  /** A follower asks for a read index to serve a linearizable read itself. */
  abstract Behavior<RaftCommand> onGetReadIndex(GetReadIndex request);

  /** The leader's answer to a read index request this member made (perhaps in an earlier role). */
  private Behavior<RaftCommand> onReadIndexAnswer(Internal.ReadIndexAnswer answer) {
    if (answer.reply() instanceof ReadIndexGranted granted) {
      member.reads.awaitApply(granted.index(), answer.read());
      member.answerAppliedReads();
    } else if (answer.reply() != null) {
      answer.read().replyTo().tell(answer.reply());
    } else {
      answer.read().replyTo().tell(new ReadUnavailable("leader did not answer: " + answer.failure().getMessage(),
          member.state().leaderId()));
    }
    return Behaviors.same();
  }

  /** Without its journal a member can promise nothing, so it stops rather than answer unsafely. */
  private Behavior<RaftCommand> onJournalStopped(Terminated terminated) {
    getContext().getLog().error("journal {} stopped; the Raft member stops too", terminated.getRef());
    return Behaviors.stopped();
  }
}
