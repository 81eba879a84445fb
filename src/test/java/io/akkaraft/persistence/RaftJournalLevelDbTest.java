package io.akkaraft.persistence;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.akkaraft.RaftCommand;
import io.akkaraft.core.LogEntry;
import io.akkaraft.core.JournalEvent.EntriesAppended;
import io.akkaraft.core.JournalEvent.LogTruncated;
import io.akkaraft.core.JournalEvent.TermAndVoteChanged;
import io.akkaraft.persistence.JournalProtocol.Command;
import io.akkaraft.persistence.JournalProtocol.Recovered;
import io.akkaraft.persistence.JournalProtocol.Write;
import io.akkaraft.persistence.JournalProtocol.Written;
import io.akkaraft.testkit.TestConfigs;
import io.akkaraft.serialization.Payloads;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal child on the real LevelDB journal (native, fsync on), across a whole actor system's restart. */
class RaftJournalLevelDbTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String PERSISTENCE_ID = "akka-raft|journal-test|a";

  @TempDir Path dir;

  @Test
  @DisplayName("§3.8: term, vote and log (with a truncation) survive stopping the whole actor system")
  void stateWrittenToLevelDbSurvivesAnActorSystemRestart() {
    ActorTestKit first = ActorTestKit.create("leveldb-first", TestConfigs.levelDb(dir));
    List<LogEntry> expected;
    try {
      TestProbe<RaftCommand> member = first.createTestProbe();
      ActorRef<Command> journal = first.spawn(RaftJournal.create(PERSISTENCE_ID, "", "", member.getRef()));
      member.expectMessage(WAIT, new Recovered(0, null, List.of()));
      LogEntry noOp = LogEntry.noOp(1, 1);
      journal.tell(new Write(1, List.of(new TermAndVoteChanged(1, "a"),
          new EntriesAppended(List.of(noOp, entry(first, 1, 2, "x"), entry(first, 1, 3, "y"))))));
      // The next leader's log replaces entries 2 and 3 (AppendEntries receiver rule 3).
      List<LogEntry> replacement = List.of(entry(first, 3, 2, "X"), entry(first, 3, 3, "Y"), entry(first, 3, 4, "Z"));
      journal.tell(new Write(2, List.of(new TermAndVoteChanged(3, null), new LogTruncated(2),
          new EntriesAppended(replacement))));
      journal.tell(new Write(3, List.of(new TermAndVoteChanged(3, "b"))));
      member.expectMessage(WAIT, new Written(1));
      member.expectMessage(WAIT, new Written(2));
      member.expectMessage(WAIT, new Written(3));
      expected = List.of(noOp, replacement.get(0), replacement.get(1), replacement.get(2));
    } finally {
      first.shutdownTestKit();
    }

    ActorTestKit second = ActorTestKit.create("leveldb-second", TestConfigs.levelDb(dir));
    try {
      TestProbe<RaftCommand> member = second.createTestProbe();
      second.spawn(RaftJournal.create(PERSISTENCE_ID, "", "", member.getRef()));
      member.expectMessage(WAIT, new Recovered(3, "b", expected));
    } finally {
      second.shutdownTestKit();
    }
  }

  private static LogEntry entry(ActorTestKit kit, long term, long index, String command) {
    return LogEntry.command(term, index, Payloads.encode(kit.system().classicSystem(), command));
  }
}
