package io.akkaraft.testkit.invariants;

/**
 * What a violation broke. The first five are thesis Figure 3.2; {@link #MEMBER_STATE} is a member's own
 * invariants. Both harnesses check those through {@link MemberInvariants} and {@link GroupInvariants}; the
 * rest only the simulator can check, because it owns the disks, the clients and the clock.
 */
public enum Property {
  ELECTION_SAFETY("Election Safety"),
  LEADER_APPEND_ONLY("Leader Append-Only"),
  LOG_MATCHING("Log Matching"),
  LEADER_COMPLETENESS("Leader Completeness"),
  STATE_MACHINE_SAFETY("State Machine Safety"),
  /** What is durable stays so: checked on reported states by both, against the simulated disks by the simulator. */
  DURABILITY("Durability"),
  LIVENESS("Liveness"),
  MEMBER_STATE("Member state"),
  CLIENT_REPLY("Client reply"),
  LINEARIZABLE_READ("Linearizable read"),
  MEMBER_FAILED("Member failed");

  public final String title;

  Property(String title) {
    this.title = title;
  }
}
