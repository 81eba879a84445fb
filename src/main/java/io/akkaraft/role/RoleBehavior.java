package io.akkaraft.role;

import akka.actor.typed.Behavior;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.ReceiveBuilder;
import io.akkaraft.ClientProtocol.GetReadIndex;
import io.akkaraft.ClientProtocol.GetStatus;
import io.akkaraft.ClientProtocol.Read;
import io.akkaraft.ClientProtocol.Submit;
import io.akkaraft.RaftCommand;
import io.akkaraft.core.PeerProtocol.PeerMessage;
import io.akkaraft.persistence.JournalProtocol.Written;
import io.akkaraft.transport.PeerTransport.TransportEvent;

/** What every role handles the same way: peer RPCs (through the rules), journal acks, status, discovery. */
abstract class RoleBehavior extends AbstractBehavior<RaftCommand> {
  final Member member;

  RoleBehavior(Member member) {
    super(member.context);
    this.member = member;
  }

  ReceiveBuilder<RaftCommand> sharedHandlers() {
    return newReceiveBuilder()
        .onMessage(PeerMessage.class, member::onPeerMessage)
        .onMessage(Written.class, member::onWritten)
        .onMessage(GetStatus.class, member::onGetStatus)
        .onMessage(Read.class, member::onRead)
        .onMessage(GetReadIndex.class, member::onGetReadIndex)
        .onMessage(Internal.ReadIndexAnswer.class, member::onReadIndexAnswer)
        .onMessageEquals(Internal.FlushProposals.INSTANCE, member::onFlushProposals)
        .onMessage(TransportEvent.class, member::onTransportEvent)
        .onSignal(Terminated.class, this::onJournalStopped);
  }

  /** Followers and candidates redirect clients and start an election when their timeout elapses. */
  ReceiveBuilder<RaftCommand> nonLeaderHandlers() {
    return sharedHandlers()
        .onMessage(Submit.class, member::redirect)
        .onMessageEquals(Internal.ElectionTimeout.INSTANCE, member::onElectionTimer)
        .onMessageEquals(Internal.ElectionTimeout.NOW, member::onElectionTimeoutNow)
        .onMessageEquals(Internal.HeartbeatTick.INSTANCE, Behaviors::same);
  }

  /** Without its journal a member can promise nothing, so it stops rather than answer unsafely. */
  private Behavior<RaftCommand> onJournalStopped(Terminated terminated) {
    getContext().getLog().error("journal {} stopped; the Raft member stops too", terminated.getRef());
    return Behaviors.stopped();
  }
}
