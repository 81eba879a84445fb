package io.akkaraft.role;

import io.akkaraft.CborSerializable;
import io.akkaraft.RaftCommand;

/** The member's messages to itself, from its timers. Not part of any public protocol. */
final class Internal {
  private Internal() {}

  /** Timer keys: one per purpose. */
  enum TimerKey {
    ELECTION,
    HEARTBEAT
  }

  /** The randomized election timeout elapsed. */
  enum ElectionTimeout implements RaftCommand, CborSerializable {
    INSTANCE
  }

  /** Time for the leader's next heartbeat. */
  enum HeartbeatTick implements RaftCommand, CborSerializable {
    INSTANCE
  }
}
