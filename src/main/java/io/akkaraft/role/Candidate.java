package io.akkaraft.role;

import akka.actor.typed.javadsl.Receive;
import io.akkaraft.RaftCommand;

/**
 * Candidate (Figure 3.1, §3.4): has asked for votes in its term; becomes leader with a majority, follower on
 * hearing from this term's leader or a later term, and starts a new election (new random timeout) after a
 * split vote. Clients are redirected: no leader is known yet.
 */
final class Candidate extends NonLeader {
  Candidate(Member member) {
    super(member);
  }

  @Override
  public Receive<RaftCommand> createReceive() {
    return nonLeaderHandlers().build();
  }
}
