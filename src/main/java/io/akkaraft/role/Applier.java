package io.akkaraft.role;

import io.akkaraft.StateMachine;
import io.akkaraft.core.LogEntry;
import io.akkaraft.core.MemberState;
import org.slf4j.Logger;

/**
 * "If commitIndex > lastApplied: increment lastApplied, apply log[lastApplied] to state machine"
 * (Figure 3.1): in index order, exactly once, and only entries that are committed and on this member's disk.
 */
final class Applier {

  /** What applying one entry gave: a result, or the reason it failed. */
  record Applied(long index, long term, Object result, String failure) {}

  interface Listener {
    /** For a member with nobody waiting: only a leader has clients to answer. */
    Listener NONE = applied -> {};

    void onApplied(Applied applied);
  }

  private final StateMachine<Object, Object> stateMachine;
  private final RaftMember.CommandCodec codec;
  private final Logger log;
  private long lastApplied;

  @SuppressWarnings("unchecked")
  Applier(StateMachine<?, ?> stateMachine, RaftMember.CommandCodec codec, Logger log) {
    this.stateMachine = (StateMachine<Object, Object>) stateMachine;
    this.codec = codec;
    this.log = log;
  }

  /** Runs a read-only query against the state machine as it is now. */
  Object query(Object query) {
    return stateMachine.query(query);
  }

  long lastApplied() {
    return lastApplied;
  }

  void applyCommitted(MemberState state, Listener listener) {
    long upTo = state.applicableIndex();
    while (lastApplied < upTo) {
      LogEntry entry = state.log().entry(lastApplied + 1);
      lastApplied = entry.index();
      listener.onApplied(apply(entry));
    }
  }

  private Applied apply(LogEntry entry) {
    if (entry.kind() == LogEntry.Kind.NO_OP) return new Applied(entry.index(), entry.term(), null, null);
    try {
      Object command = codec.decode(entry.payload());
      return new Applied(entry.index(), entry.term(), stateMachine.apply(entry.index(), command), null);
    } catch (RuntimeException e) {
      // Deterministic state machines fail the same way on every member, so all of them skip this entry.
      log.error("state machine failed on entry {}: {}", entry.index(), e.toString());
      return new Applied(entry.index(), entry.term(), null, "state machine failed: " + e);
    }
  }
}
