package io.akkaraft.role;

import akka.actor.typed.Behavior;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.StashBuffer;
import akka.actor.typed.javadsl.TimerScheduler;
import io.akkaraft.ClientProtocol.GetReadIndex;
import io.akkaraft.ClientProtocol.NotLeader;
import io.akkaraft.ClientProtocol.Read;
import io.akkaraft.ClientProtocol.ReadUnavailable;
import io.akkaraft.ClientProtocol.Submit;
import io.akkaraft.RaftCommand;
import io.akkaraft.RaftSettings;
import io.akkaraft.core.LogEntry;
import io.akkaraft.core.MemberState;
import io.akkaraft.core.PeerProtocol.AppendEntries;
import io.akkaraft.core.RaftLog;
import io.akkaraft.persistence.JournalProtocol.Recovered;
import io.akkaraft.transport.PeerTransport.TransportEvent;

/**
 * A member reading its journal: it answers nothing until it knows its term, vote and log, so that it can
 * never vote twice in a term or forget an entry it acknowledged. Messages wait in a stash meanwhile.
 */
final class Recovering extends AbstractBehavior<RaftCommand> {
  private final TimerScheduler<RaftCommand> timers;
  private final StashBuffer<RaftCommand> stash;
  private final MemberParts parts;
  private final RaftSettings settings;
  /** What every peer may have in flight to this member at once (its pipeline of full batches). */
  private final long stashBudgetBytes;
  private long stashedBytes;
  private static final String RECOVERING = "this member is still recovering its journal";

  Recovering(ActorContext<RaftCommand> context, TimerScheduler<RaftCommand> timers, StashBuffer<RaftCommand> stash,
      MemberParts parts) {
    super(context);
    this.timers = timers;
    this.stash = stash;
    this.parts = parts;
    this.settings = parts.settings();
    this.stashBudgetBytes = (long) settings.limits().maxBytesPerAppend() * settings.limits().maxInflightAppends()
        * Math.max(1, settings.members().voters().size() - 1);
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
    Member member = new Member(getContext(), timers, parts, state);
    parts.observer().onState(state);
    member.electionTimer.start();
    return stash.unstashAll(new Follower(member));
  }

  private Behavior<RaftCommand> onTransportEvent(TransportEvent event) {
    parts.transport().onEvent(event);
    return this;
  }

  /**
   * Keeps what peers send for after recovery, bounded in count and in entry bytes: a leader re-sends what
   * was dropped, like a lost message. Client requests are answered at once instead, since each may carry a
   * command of up to max-command-bytes: their clients retry elsewhere or later.
   */
  private Behavior<RaftCommand> stash(RaftCommand message) {
    if (message instanceof Submit submit) {
      submit.replyTo().tell(new NotLeader(null, null));
      return this;
    }
    if (message instanceof Read read) {
      read.replyTo().tell(new ReadUnavailable(RECOVERING, null));
      return this;
    }
    if (message instanceof GetReadIndex request) {
      request.replyTo().tell(new ReadUnavailable(RECOVERING, null));
      return this;
    }
    long bytes = message instanceof AppendEntries append ? entryBytes(append) : 0;
    if (stash.isFull() || stashedBytes + bytes > stashBudgetBytes) {
      getContext().getLog().warn("dropped {} during recovery: stash is full ({} messages, {} entry bytes)",
          message.getClass().getSimpleName(), stash.size(), stashedBytes);
    } else {
      stashedBytes += bytes;
      stash.stash(message);
    }
    return this;
  }

  private static long entryBytes(AppendEntries append) {
    long bytes = 0;
    for (LogEntry entry : append.entries()) bytes += entry.sizeBytes();
    return bytes;
  }

  private Behavior<RaftCommand> onJournalStopped(Terminated terminated) {
    getContext().getLog().error("{} could not recover its journal; the Raft member stops", settings.memberId());
    return Behaviors.stopped();
  }
}
