package io.akkaraft.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import akka.persistence.testkit.javadsl.PersistenceTestKit;
import io.akkaraft.RaftCommand;
import io.akkaraft.core.LogEntry;
import io.akkaraft.core.JournalEvent;
import io.akkaraft.core.JournalEvent.EntriesAppended;
import io.akkaraft.core.JournalEvent.LogTruncated;
import io.akkaraft.core.JournalEvent.TermAndVoteChanged;
import io.akkaraft.persistence.JournalProtocol.Command;
import io.akkaraft.persistence.JournalProtocol.Recovered;
import io.akkaraft.persistence.JournalProtocol.Write;
import io.akkaraft.persistence.JournalProtocol.Written;
import io.akkaraft.testkit.TestConfigs;
import io.akkaraft.serialization.Payloads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The journal child alone, on the persistence testkit's journal: every event also goes through
 * serialization and back, and must come out equal.
 */
class RaftJournalTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final ActorTestKit kit =
      ActorTestKit.create("raft-journal", EventSourcedBehaviorTestKit.config().withFallback(TestConfigs.inMemory()));
  private static final AtomicInteger ids = new AtomicInteger();

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  private static String nextPersistenceId() {
    return "journal-test-" + ids.incrementAndGet();
  }

  /** A journal of its own for each test, answering {@code member}. */
  private static EventSourcedBehaviorTestKit<Command, JournalEvent, RaftJournal.State> journal(
      String persistenceId, TestProbe<RaftCommand> member) {
    var serialization = EventSourcedBehaviorTestKit.enabledSerializationSettings()
        .withVerifyEquality(true)
        .withVerifyCommands(false) // only its own member writes to it, in the same actor system: never serialized
        .withVerifyState(false); // the state is the actor's private mutable accumulator, never sent anywhere
    return EventSourcedBehaviorTestKit.create(kit.system(),
        RaftJournal.create(persistenceId, "", "", member.getRef()), serialization);
  }

  static LogEntry entry(long term, long index, String command) {
    return LogEntry.command(term, index, Payloads.encode(kit.system().classicSystem(), command));
  }

  @Test
  @DisplayName("a fresh journal recovers term 0, no vote and an empty log")
  void freshJournalRecoversNothing() {
    TestProbe<RaftCommand> member = kit.createTestProbe();
    journal(nextPersistenceId(), member);
    member.expectMessage(WAIT, new Recovered(0, null, List.of()));
  }

  @Test
  @DisplayName("Figure 3.1 persistent state: a write's events are persisted, then Written(seq) is sent")
  void writePersistsEventsThenConfirmsWithItsSeq() {
    TestProbe<RaftCommand> member = kit.createTestProbe();
    String pid = nextPersistenceId();
    var journal = journal(pid, member);
    member.expectMessageClass(Recovered.class, WAIT);
    List<JournalEvent> events = List.of(new TermAndVoteChanged(1, "a"),
        new EntriesAppended(List.of(LogEntry.noOp(1, 1), entry(1, 2, "x"))));

    var result = journal.runCommand(new Write(7, events));

    assertEquals(events, result.events());
    assertEquals(events, journal.persistenceTestKit().persistedInStorage(pid));
    member.expectMessage(WAIT, new Written(7));
    assertEquals(1, result.state().term);
    assertEquals("a", result.state().votedFor);
    assertEquals(2, result.state().entries.size());
  }

  @Test
  @DisplayName("§3.8: after a restart the journal recovers exactly the term, vote and entries it wrote")
  void restartRecoversTermVoteAndEntries() {
    TestProbe<RaftCommand> member = kit.createTestProbe();
    String pid = nextPersistenceId();
    var journal = journal(pid, member);
    member.expectMessageClass(Recovered.class, WAIT);
    List<LogEntry> entries = List.of(LogEntry.noOp(1, 1), entry(1, 2, "x"), entry(2, 3, "y"));
    journal.runCommand(new Write(1, List.of(new TermAndVoteChanged(1, "b"), new EntriesAppended(entries.subList(0, 2)))));
    journal.runCommand(new Write(2, List.of(new TermAndVoteChanged(2, null), new EntriesAppended(entries.subList(2, 3)))));
    journal.runCommand(new Write(3, List.of(new TermAndVoteChanged(2, "c"))));
    member.receiveSeveralMessages(3, WAIT);

    journal.restart();

    member.expectMessage(WAIT, new Recovered(2, "c", entries));
  }

  @Test
  @DisplayName("Figure 3.1 AppendEntries rule 3: a truncation then an append recover as the leader's log")
  void truncationThenAppendRecoversTheReplacedLog() {
    TestProbe<RaftCommand> member = kit.createTestProbe();
    String pid = nextPersistenceId();
    var journal = journal(pid, member);
    member.expectMessageClass(Recovered.class, WAIT);
    journal.runCommand(new Write(1, List.of(new TermAndVoteChanged(1, null),
        new EntriesAppended(List.of(entry(1, 1, "a"), entry(1, 2, "b"), entry(1, 3, "c"))))));
    // One atomic write: a new term, the conflicting suffix dropped, the leader's entries in its place.
    var result = journal.runCommand(new Write(2, List.of(new TermAndVoteChanged(2, null), new LogTruncated(2),
        new EntriesAppended(List.of(entry(2, 2, "B"), entry(2, 3, "C"), entry(2, 4, "D"))))));
    assertEquals(4, result.state().entries.size());
    member.receiveSeveralMessages(2, WAIT);

    journal.restart();

    Recovered recovered = member.expectMessageClass(Recovered.class, WAIT);
    assertEquals(2, recovered.term());
    assertNull(recovered.votedFor());
    assertEquals(List.of(entry(1, 1, "a"), entry(2, 2, "B"), entry(2, 3, "C"), entry(2, 4, "D")), recovered.entries());
  }

  @Test
  @DisplayName("Figure 3.1 persist before responding: a failed write is never confirmed and stops the journal")
  void failedWriteIsNeverConfirmedAndStopsTheJournal() {
    TestProbe<RaftCommand> member = kit.createTestProbe();
    ActorRef<Command> journal = kit.spawn(RaftJournal.create(nextPersistenceId(), "", "", member.getRef()));
    member.expectMessageClass(Recovered.class, WAIT);
    PersistenceTestKit.create(kit.system()).failNextPersisted();

    journal.tell(new Write(1, List.of(new TermAndVoteChanged(1, "a"))));

    member.expectTerminated(journal, WAIT);
    member.expectNoMessage(Duration.ofMillis(200));
  }

}
