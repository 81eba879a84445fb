package io.akkaraft.core;

import io.akkaraft.core.PeerProtocol.AppendEntries;
import io.akkaraft.core.PeerProtocol.AppendReply;
import io.akkaraft.core.PeerProtocol.PeerMessage;
import io.akkaraft.core.PeerProtocol.RequestVote;
import io.akkaraft.core.PeerProtocol.VoteReply;

/**
 * The one place that compares a message's term with the member's (Figure 3.1, "All Servers"): roles never
 * repeat this check.
 */
final class TermRule {
  private TermRule() {}

  /**
   * "If RPC request or response contains term T > currentTerm: set currentTerm = T, convert to follower";
   * requests of an older term are answered with the current term so the sender steps down (§3.3), and
   * responses of an older term are dropped.
   *
   * @return whether the role should now handle the message
   */
  static boolean admit(StepBuilder b, PeerMessage message) {
    MemberState s = b.state();
    if (message.term() > s.currentTerm()) {
      b.term(message.term());
      if (!s.isFollower()) b.role(new RoleState.Follower());
      return true;
    }
    if (message.term() < s.currentTerm()) {
      String self = s.selfId();
      long term = s.currentTerm();
      if (message instanceof RequestVote) {
        b.send(message.from(), new VoteReply(term, self, false));
      } else if (message instanceof AppendEntries append) {
        b.send(message.from(),
            AppendReply.rejected(term, self, append.prevLogIndex(), 0, 0, append.entries().size()));
      }
      return false;
    }
    return true;
  }
}
