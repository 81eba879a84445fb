package io.akkaraft.role;

import akka.actor.NoSerializationVerificationNeeded;
import io.akkaraft.ClientProtocol.ReadReply;
import io.akkaraft.RaftCommand;

/**
 * The member's messages to itself, from its timers. Not part of any public protocol, and bound to no
 * serializer, so that no other process can deliver one (a forged timer tick or election trigger).
 */
final class Internal {
  private Internal() {}

  /** Timer keys: one per purpose. */
  enum TimerKey {
    ELECTION,
    HEARTBEAT
  }

  /**
   * The election timer fired ({@code INSTANCE}: the timeout elapsed unless it was reset meanwhile), or the
   * timeout is to elapse at once ({@code NOW}: tests and the simulator make a member stand first).
   */
  enum ElectionTimeout implements RaftCommand, NoSerializationVerificationNeeded {
    INSTANCE,
    NOW
  }

  /** The leader's answer (or a failure) to a follower's request for a read index; local only. */
  record ReadIndexAnswer(PendingReads.Read read, ReadReply reply, Throwable failure)
      implements RaftCommand, NoSerializationVerificationNeeded {}

  /** Propose every command that arrived since the last flush as one batch (sent to self by the leader). */
  enum FlushProposals implements RaftCommand, NoSerializationVerificationNeeded {
    INSTANCE
  }

  /** Time for the leader's next heartbeat. */
  enum HeartbeatTick implements RaftCommand, NoSerializationVerificationNeeded {
    INSTANCE
  }
}
