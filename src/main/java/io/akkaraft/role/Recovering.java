package io.akkaraft.role;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.StashBuffer;
import akka.actor.typed.javadsl.TimerScheduler;
import io.akkaraft.RaftCommand;
import io.akkaraft.RaftMetrics;
import io.akkaraft.RaftSettings;
import io.akkaraft.StateMachine;
import io.akkaraft.core.MemberState;
import io.akkaraft.core.RaftLog;
import io.akkaraft.persistence.JournalProtocol;
import io.akkaraft.persistence.JournalProtocol.Recovered;
import io.akkaraft.transport.PeerTransport;
import io.akkaraft.transport.PeerTransport.TransportEvent;
import java.util.function.LongSupplier;

/**
 * A member reading its journal: it answers nothing until it knows its term, vote and log, so that it can
 * never vote twice in a term or forget an entry it acknowledged. Messages wait in a stash meanwhile.
 */
final class Recovering extends AbstractBehavior<RaftCommand> {
  private final TimerScheduler<RaftCommand> timers;
  private final StashBuffer<RaftCommand> stash;
  private final RaftSettings settings;
  private final PeerTransport transport;
  private final ActorRef<JournalProtocol.Command> journal;
  private final StateMachine<?, ?> stateMachine;
  private final RaftMember.StateObserver observer;
  private final RaftMember.CommandCodec codec;
  private final LongSupplier clock;
  private final RaftMetrics metrics;

  Recovering(ActorContext<RaftCommand> context, TimerScheduler<RaftCommand> timers, StashBuffer<RaftCommand> stash,
      RaftSettings settings, PeerTransport transport, ActorRef<JournalProtocol.Command> journal,
      StateMachine<?, ?> stateMachine, RaftMember.StateObserver observer, RaftMember.CommandCodec codec,
      RaftMetrics metrics, LongSupplier clock) {
    super(context);
    this.clock = clock;
    this.metrics = metrics;
    this.codec = codec;
    this.observer = observer;
    this.timers = timers;
    this.stash = stash;
    this.settings = settings;
    this.transport = transport;
    this.journal = journal;
    this.stateMachine = stateMachine;
  }

  @Override
  public Receive<RaftCommand> createReceive() {
    return newReceiveBuilder()
        .onMessage(Recovered.class, this::onRecovered)
        .onMessage(TransportEvent.class, this::onTransportEvent)
        .onAnyMessage(this::stash)
        .onSignal(Terminated.class, this::onJournalStopped)
        .build();
  }

  private Behavior<RaftCommand> onRecovered(Recovered recovered) {
    MemberState state = MemberState.recovered(settings.memberId(), settings.members(), recovered.term(),
        recovered.votedFor(), RaftLog.of(recovered.entries()));
    getContext().getLog().info("{} recovered term {}, vote {}, {} log entries", settings.memberId(),
        recovered.term(), recovered.votedFor(), recovered.entries().size());
    Member member = new Member(getContext(), timers, settings, transport, journal, stateMachine, state, observer,
        codec, metrics, clock);
    observer.onState(state);
    member.startElectionTimer();
    return stash.unstashAll(new Follower(member));
  }

  private Behavior<RaftCommand> onTransportEvent(TransportEvent event) {
    transport.onEvent(event);
    return this;
  }

  private Behavior<RaftCommand> stash(RaftCommand message) {
    if (stash.isFull()) {
      getContext().getLog().warn("dropped {} during recovery: stash is full", message.getClass().getSimpleName());
    } else {
      stash.stash(message);
    }
    return this;
  }

  private Behavior<RaftCommand> onJournalStopped(Terminated terminated) {
    getContext().getLog().error("{} could not recover its journal; the Raft member stops", settings.memberId());
    return Behaviors.stopped();
  }
}
