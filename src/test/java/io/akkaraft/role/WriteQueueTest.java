package io.akkaraft.role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.core.Durable;
import io.akkaraft.core.Envelope;
import io.akkaraft.core.LogEntry;
import io.akkaraft.core.MemberState;
import io.akkaraft.core.Membership;
import io.akkaraft.core.PeerProtocol.VoteReply;
import io.akkaraft.core.RaftLog;
import io.akkaraft.core.JournalEvent;
import io.akkaraft.core.JournalEvent.EntriesAppended;
import io.akkaraft.core.JournalEvent.LogTruncated;
import io.akkaraft.core.JournalEvent.TermAndVoteChanged;
import io.akkaraft.persistence.JournalProtocol.Write;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Group commit (§10.2.1): one journal write in flight, replies released only once their write is durable. */
class WriteQueueTest {
  private final WriteQueue queue = new WriteQueue();
  private final Membership ab = Membership.of(List.of("a", "b"));

  private static LogEntry e(long term, long index) {
    return LogEntry.noOp(term, index);
  }

  private static List<LogEntry> run(long term, long from, long to) {
    List<LogEntry> entries = new ArrayList<>();
    for (long i = from; i <= to; i++) entries.add(e(term, i));
    return entries;
  }

  /** Member "a" with term, vote and a log of {@code lastIndex} entries of {@code term}. */
  private MemberState state(long term, String vote, long lastIndex) {
    return MemberState.recovered("a", ab, term, vote, RaftLog.of(run(term, 1, lastIndex)));
  }

  private static Envelope reply(String to) {
    return new Envelope(to, new VoteReply(1, "a", true));
  }

  @Test
  @DisplayName("At most one write in flight; what arrives meanwhile waits for the next write")
  void oneWriteInFlightAndLaterEventsBatchedIntoNext() {
    assertTrue(queue.idle());
    assertEquals(Optional.empty(), queue.nextWrite(state(0, null, 0)), "nothing to write");

    queue.add(List.of(new TermAndVoteChanged(1, "a")));
    Write first = queue.nextWrite(state(1, "a", 0)).orElseThrow();
    assertEquals(new Write(1, List.of(new TermAndVoteChanged(1, "a"))), first);
    assertFalse(queue.idle());

    queue.add(List.of(new EntriesAppended(run(1, 1, 1))));
    queue.add(List.of(new EntriesAppended(run(1, 2, 3))));
    assertEquals(Optional.empty(), queue.nextWrite(state(1, "a", 3)), "write 1 is still in flight");

    queue.written(1);
    Write second = queue.nextWrite(state(1, "a", 3)).orElseThrow();
    assertEquals(new Write(2, List.of(new EntriesAppended(run(1, 1, 3)))), second,
        "consecutive appends become one event");
    queue.written(2);
    assertTrue(queue.idle());
  }

  @Test
  @DisplayName("Only consecutive appends merge: a term change or truncation between them keeps the order")
  void appendsSeparatedByOtherEventsStaySeparate() {
    queue.add(List.of(new TermAndVoteChanged(1, null)));
    queue.nextWrite(state(1, null, 0));

    queue.add(List.of(new EntriesAppended(run(1, 1, 2)), new TermAndVoteChanged(2, null)));
    queue.add(List.of(new EntriesAppended(run(2, 3, 3)), new LogTruncated(3), new EntriesAppended(run(2, 3, 3))));
    queue.add(List.of(new EntriesAppended(run(2, 4, 4))));
    queue.written(1);
    Write write = queue.nextWrite(state(2, null, 4)).orElseThrow();
    List<JournalEvent> expected = List.of(
        new EntriesAppended(run(1, 1, 2)),
        new TermAndVoteChanged(2, null),
        new EntriesAppended(run(2, 3, 3)),
        new LogTruncated(3),
        new EntriesAppended(run(2, 3, 4)));
    assertEquals(expected, write.events());
  }

  @Test
  @DisplayName("undurableSeq names the write a reply sent now must wait for: the pending one, else the one in flight")
  void undurableSeqSemantics() {
    assertEquals(0, queue.undurableSeq(), "nothing unwritten: reply at once");
    queue.add(List.of(new TermAndVoteChanged(1, "b")));
    assertEquals(1, queue.undurableSeq(), "pending events go into write 1");
    queue.nextWrite(state(1, "b", 0));
    assertEquals(1, queue.undurableSeq(), "write 1 is in flight");
    queue.add(List.of(new EntriesAppended(run(1, 1, 1))));
    assertEquals(2, queue.undurableSeq(), "the new events wait for write 2");
    queue.written(1);
    assertEquals(2, queue.undurableSeq(), "still pending");
    queue.nextWrite(state(1, "b", 1));
    queue.written(2);
    assertEquals(0, queue.undurableSeq());
  }

  @Test
  @DisplayName("Figure 3.1, persist before responding: deferred replies go out when their write is confirmed, in order")
  void deferredRepliesReleasedOnlyWhenTheirWriteIsConfirmedInOrder() {
    queue.add(List.of(new TermAndVoteChanged(1, "b")));
    queue.defer(queue.undurableSeq(), reply("b1"));
    queue.nextWrite(state(1, "b", 0));
    queue.add(List.of(new EntriesAppended(run(1, 1, 1))));
    queue.defer(queue.undurableSeq(), reply("b2"));
    queue.defer(queue.undurableSeq(), reply("b3"));

    assertEquals(List.of(), queue.releasable(0));
    queue.written(1);
    assertEquals(List.of(reply("b1")), queue.releasable(1));
    assertEquals(List.of(), queue.releasable(1), "each reply is released once");
    queue.nextWrite(state(1, "b", 1));
    queue.written(2);
    assertEquals(List.of(reply("b2"), reply("b3")), queue.releasable(2));
  }

  @Test
  @DisplayName("A write's Durable is what it left on disk: the term and vote it carried, its last index")
  void writtenReportsTheStateOfTheConfirmedWrite() {
    queue.add(List.of(new TermAndVoteChanged(2, "a"), new EntriesAppended(run(2, 1, 3))));
    queue.nextWrite(state(2, "a", 3));
    queue.add(List.of(new TermAndVoteChanged(3, null))); // pending: not on disk yet
    assertEquals(new Durable(2, "a", 3), queue.written(1));
    assertThrows(IllegalStateException.class, () -> queue.written(1), "no write in flight");
    assertThrows(IllegalStateException.class, () -> queue.written(2), "write 2 was never sent");
  }

  @Test
  @DisplayName("Entries a pending write truncates are not durable, even though the write that holds them is confirmed")
  void durableIsCappedBelowAPendingTruncation() {
    queue.add(List.of(new EntriesAppended(run(1, 1, 5))));
    queue.nextWrite(state(1, null, 5));
    queue.add(List.of(new LogTruncated(3), new EntriesAppended(run(2, 3, 4))));
    assertEquals(new Durable(1, null, 2), queue.written(1), "entries 3..5 on disk are about to be replaced");

    queue.nextWrite(state(2, null, 4));
    assertEquals(new Durable(2, null, 4), queue.written(2), "the truncation and new entries are durable together");
  }
}
