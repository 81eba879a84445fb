package io.akkaraft.core;

import java.util.List;

/**
 * What a rule decided, for the role behavior to carry out (etcd's Ready, in Akka terms).
 *
 * @param state the member's next state (its role tells which behavior runs next)
 * @param events changes to journal; {@code state} already reflects them in memory
 * @param sendNow messages to send at once: requests, and anything that vouches for nothing on disk
 * @param sendAfterDurable replies that vouch for state in {@code events} (or in earlier writes still under
 *     way): sent only once the journal has confirmed it, "persist before responding to RPCs" (Figure 3.1)
 * @param resetElectionTimer whether to restart the randomized election timeout (heard from the leader,
 *     granted a vote, or started an election)
 */
public record Step(
    MemberState state,
    List<JournalEvent> events,
    List<Envelope> sendNow,
    List<Envelope> sendAfterDurable,
    boolean resetElectionTimer) {

  public static Step unchanged(MemberState state) {
    return new Step(state, List.of(), List.of(), List.of(), false);
  }
}
