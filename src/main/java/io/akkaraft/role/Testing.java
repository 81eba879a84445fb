package io.akkaraft.role;

import io.akkaraft.RaftCommand;
import io.akkaraft.core.UnsafeRule;
import java.util.Set;

/**
 * Switches for tests and the simulator only, kept out of the public settings and builder: no application
 * should break a rule or force an election.
 */
public final class Testing {
  private Testing() {}

  /** Switches on deliberately broken rules so that tests can prove their checkers fail. */
  public static RaftMember.Builder unsafeRules(RaftMember.Builder builder, Set<UnsafeRule> rules) {
    return builder.unsafeRules(rules);
  }

  /**
   * A message that makes a follower's or candidate's election timeout elapse at once, as if its randomized
   * timer had run out (a leader ignores it).
   */
  public static RaftCommand electionTimeoutNow() {
    return Internal.ElectionTimeout.NOW;
  }
}
