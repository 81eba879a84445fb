package io.akkaraft.sim;

import akka.actor.testkit.typed.javadsl.BehaviorTestKit;
import akka.actor.testkit.typed.javadsl.TestInbox;
import io.akkaraft.RaftCommand;
import io.akkaraft.core.MemberState;
import io.akkaraft.persistence.JournalProtocol;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * One incarnation of a member: the production behavior in a BehaviorTestKit, its journal child's inbox, the
 * timers it has started (in virtual time) and its journal writes still on their way to the disk. A crash
 * throws all of it away; only the {@link SimDisk} survives.
 */
final class SimMember {
  static final String ELECTION_TIMER = "ELECTION";
  static final String HEARTBEAT_TIMER = "HEARTBEAT";

  /** A started timer; a newer one with the same key supersedes it, and a superseded timer never fires. */
  record Timer(String key, RaftCommand message, long period) {}

  final String id;
  final int incarnation;
  final SimStateMachine stateMachine;
  /** How fast its clock runs against virtual time, and where it started: no two members' clocks agree. */
  final double clockRate;
  final long clockOffset;
  BehaviorTestKit<RaftCommand> kit;
  TestInbox<JournalProtocol.Command> journal;
  /** The state it last reported; null while it recovers. */
  MemberState state;
  final Map<String, Timer> timers = new HashMap<>();
  final ArrayDeque<JournalProtocol.Write> writes = new ArrayDeque<>();
  /** When its disk finishes the writes already queued: writes complete in order. */
  long diskFreeAt;

  SimMember(String id, int incarnation, SimStateMachine stateMachine, double clockRate, long clockOffset) {
    this.clockRate = clockRate;
    this.clockOffset = clockOffset;
    this.id = id;
    this.incarnation = incarnation;
    this.stateMachine = stateMachine;
  }

  /** The member's own monotonic clock at virtual time {@code now}. */
  long clock(long now) {
    return clockOffset + (long) (now * clockRate);
  }

  /** The virtual time a timer of {@code duration}, by the member's own clock, takes. */
  long virtualDuration(long duration) {
    return (long) Math.ceil(duration / clockRate); // never early by the member's clock, never 0 for a delay
  }

  boolean hasTimer(String key) {
    return timers.containsKey(key);
  }
}
