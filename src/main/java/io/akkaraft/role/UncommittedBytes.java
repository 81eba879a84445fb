package io.akkaraft.role;

import io.akkaraft.core.MemberState;
import io.akkaraft.core.RaftLog;

/**
 * What a leader holds that is not committed yet: command bytes queued for the next batch plus those appended
 * after the commit index. Kept as a running sum (each entry is added once and subtracted once), because a
 * leader without a majority can hold hundreds of thousands of entries and is asked before every proposal.
 */
final class UncommittedBytes {
  private final long limit;
  private long queued;
  private long appended;
  /** Entries up to here are no longer counted in {@link #appended}. */
  private long countedCommit;

  UncommittedBytes(long limit) {
    this.limit = limit;
  }

  /** Counts what a new leader's log holds beyond its commit index. */
  void startLeading(MemberState state) {
    queued = 0;
    appended = 0;
    countedCommit = state.commitIndex();
    RaftLog log = state.log();
    for (long i = countedCommit + 1; i <= log.lastIndex(); i++) appended += log.entry(i).sizeBytes();
  }

  /** Whether {@code bytes} more may be queued now. */
  boolean admits(int bytes) {
    return queued + appended + bytes <= limit;
  }

  void queued(int bytes) {
    queued += bytes;
  }

  /** The queue was proposed: its bytes are now in the log. */
  void appendedQueue() {
    appended += queued;
    queued = 0;
  }

  /** Stops counting what the leader has committed since the last call. */
  void committedUpTo(MemberState state) {
    long commit = Math.min(state.commitIndex(), state.log().lastIndex());
    for (long i = countedCommit + 1; i <= commit; i++) appended -= state.log().entry(i).sizeBytes();
    countedCommit = Math.max(countedCommit, commit);
  }

  long held() {
    return queued + appended;
  }

  long limit() {
    return limit;
  }
}
