package io.akkaraft.role;

import io.akkaraft.core.Durable;
import io.akkaraft.core.Envelope;
import io.akkaraft.core.LogEntry;
import io.akkaraft.core.MemberState;
import io.akkaraft.core.JournalEvent;
import io.akkaraft.persistence.JournalProtocol.Write;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Group commit: at most one journal write in flight; everything that happens meanwhile is batched into the
 * next one. Replies that vouch for unwritten state wait here, tagged with the write they depend on.
 */
final class WriteQueue {
  private record Deferred(long seq, Envelope envelope) {}

  /** The state a write leaves on disk, captured when it is sealed. */
  private record Mark(long term, String votedFor, long lastIndex) {}

  private final List<JournalEvent> pending = new ArrayList<>();
  private List<LogEntry> openAppend; // the last pending EntriesAppended, still growing
  private long pendingTruncationFloor = Long.MAX_VALUE;
  private final ArrayDeque<Deferred> deferred = new ArrayDeque<>();
  private long lastSeq;
  private Mark inFlight;

  void add(List<JournalEvent> events) {
    for (JournalEvent event : events) {
      if (event instanceof JournalEvent.EntriesAppended appended) {
        if (openAppend == null) {
          openAppend = new ArrayList<>(appended.entries());
          pending.add(null); // placeholder, sealed into an EntriesAppended
        } else {
          openAppend.addAll(appended.entries());
        }
        continue;
      }
      sealOpenAppend();
      if (event instanceof JournalEvent.LogTruncated truncated) {
        pendingTruncationFloor = Math.min(pendingTruncationFloor, truncated.fromIndex());
      }
      pending.add(event);
    }
  }

  private void sealOpenAppend() {
    if (openAppend == null) return;
    pending.set(pending.size() - 1, new JournalEvent.EntriesAppended(openAppend));
    openAppend = null;
  }

  /** The write that must be durable before a reply sent now may vouch for the current state; 0 if none. */
  long undurableSeq() {
    if (!pending.isEmpty()) return lastSeq + 1;
    return inFlight != null ? lastSeq : 0;
  }

  void defer(long seq, Envelope envelope) {
    deferred.add(new Deferred(seq, envelope));
  }

  /** The next write, if none is in flight and something waits; {@code state} must include all of it. */
  Optional<Write> nextWrite(MemberState state) {
    if (inFlight != null || pending.isEmpty()) return Optional.empty();
    sealOpenAppend();
    lastSeq++;
    inFlight = new Mark(state.currentTerm(), state.votedFor(), state.log().lastIndex());
    Write write = new Write(lastSeq, pending);
    pending.clear();
    pendingTruncationFloor = Long.MAX_VALUE;
    return Optional.of(write);
  }

  /** Write {@code seq} completed: what is durable now. Entries a later pending write truncates don't count. */
  Durable written(long seq) {
    if (inFlight == null || seq != lastSeq) {
      throw new IllegalStateException("journal confirmed write " + seq + " but " + lastSeq + " is in flight");
    }
    Mark mark = inFlight;
    inFlight = null;
    return new Durable(mark.term(), mark.votedFor(), Math.min(mark.lastIndex(), pendingTruncationFloor - 1));
  }

  /** Replies whose write is now durable, in the order they were deferred. */
  List<Envelope> releasable(long durableSeq) {
    List<Envelope> ready = new ArrayList<>();
    while (!deferred.isEmpty() && deferred.peek().seq() <= durableSeq) ready.add(deferred.poll().envelope());
    return ready;
  }

  boolean idle() {
    return inFlight == null && pending.isEmpty();
  }
}
