package io.akkaraft.persistence;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import akka.persistence.typed.javadsl.SignalHandler;
import io.akkaraft.RaftCommand;
import io.akkaraft.RaftMetrics;
import io.akkaraft.core.JournalEvent;
import io.akkaraft.core.LogEntry;
import io.akkaraft.persistence.JournalProtocol.Command;
import io.akkaraft.persistence.JournalProtocol.Recovered;
import io.akkaraft.persistence.JournalProtocol.Write;
import io.akkaraft.persistence.JournalProtocol.Written;
import java.util.ArrayList;
import java.util.List;

/**
 * The member's durable state on an Akka Persistence journal. A child of the member: the member's role
 * behaviors never block on disk, they send {@link Write}s (one at a time, each a group commit of
 * everything that happened meanwhile) and go on serving messages until {@link Written} comes back.
 *
 * <p>Each write is one atomic batch of events, so a crash leaves either all or none of it. Events are
 * numbered by Akka's sequence numbers, which a later snapshot can delete up to.
 */
public final class RaftJournal extends EventSourcedBehavior<Command, JournalEvent, RaftJournal.State> {

  /** Term, vote and log as the events built them; mutable, as it only lives inside this actor. */
  static final class State {
    long term;
    String votedFor;
    final List<LogEntry> entries = new ArrayList<>();
  }

  private final ActorRef<RaftCommand> member;
  private final String journalPluginId;
  private final String snapshotPluginId;
  private final RaftMetrics metrics;

  private RaftJournal(String persistenceId, String journalPluginId, String snapshotPluginId, ActorRef<RaftCommand> member,
      RaftMetrics metrics) {
    // Any journal failure stops this child; the member watches it and stops too, rather than go on
    // answering without durability.
    super(PersistenceId.ofUniqueId(persistenceId));
    this.member = member;
    this.journalPluginId = journalPluginId;
    this.snapshotPluginId = snapshotPluginId;
    this.metrics = metrics;
  }

  public static Behavior<Command> create(
      String persistenceId, String journalPluginId, String snapshotPluginId, ActorRef<RaftCommand> member) {
    return create(persistenceId, journalPluginId, snapshotPluginId, member, RaftMetrics.NONE);
  }

  /** A journal that reports each write's latency and size to {@code metrics}. */
  public static Behavior<Command> create(String persistenceId, String journalPluginId, String snapshotPluginId,
      ActorRef<RaftCommand> member, RaftMetrics metrics) {
    return new RaftJournal(persistenceId, journalPluginId, snapshotPluginId, member, metrics);
  }

  @Override
  public String journalPluginId() {
    return journalPluginId;
  }

  @Override
  public String snapshotPluginId() {
    return snapshotPluginId;
  }

  @Override
  public State emptyState() {
    return new State();
  }

  @Override
  public CommandHandler<Command, JournalEvent, State> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Write.class, (state, write) -> {
          long received = System.nanoTime();
          return Effect().persist(write.events()).thenRun(s -> written(write, received));
        })
        .build();
  }

  private void written(Write write, long received) {
    if (metrics != RaftMetrics.NONE) {
      int entries = 0;
      for (JournalEvent event : write.events()) {
        if (event instanceof JournalEvent.EntriesAppended appended) entries += appended.entries().size();
      }
      metrics.onJournalWrite(System.nanoTime() - received, write.events().size(), entries);
    }
    member.tell(new Written(write.seq()));
  }

  @Override
  public EventHandler<State, JournalEvent> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(JournalEvent.TermAndVoteChanged.class, (state, e) -> {
          state.term = e.term();
          state.votedFor = e.votedFor();
          return state;
        })
        .onEvent(JournalEvent.EntriesAppended.class, (state, e) -> {
          state.entries.addAll(e.entries());
          return state;
        })
        .onEvent(JournalEvent.LogTruncated.class, (state, e) -> {
          state.entries.subList((int) e.fromIndex() - 1, state.entries.size()).clear();
          return state;
        })
        .build();
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state ->
            member.tell(new Recovered(state.term, state.votedFor, state.entries)))
        .build();
  }
}
