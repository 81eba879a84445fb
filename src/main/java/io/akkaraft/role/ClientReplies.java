package io.akkaraft.role;

import akka.actor.typed.ActorRef;
import io.akkaraft.ClientProtocol.Committed;
import io.akkaraft.ClientProtocol.OutcomeUnknown;
import io.akkaraft.ClientProtocol.Rejected;
import io.akkaraft.ClientProtocol.SubmitReply;
import java.util.HashMap;
import java.util.Map;

/** The leader's clients waiting for their entry to be applied (§3.5: "respond after entry applied"). */
final class ClientReplies {
  private record Waiting(long term, ActorRef<SubmitReply> replyTo) {}

  private final Map<Long, Waiting> waiting = new HashMap<>();

  void await(long index, long term, ActorRef<SubmitReply> replyTo) {
    waiting.put(index, new Waiting(term, replyTo));
  }

  void onApplied(Applier.Applied applied) {
    Waiting w = waiting.remove(applied.index());
    if (w == null) return;
    if (w.term() != applied.term()) {
      // Another leader's entry took this index: ours was never committed.
      w.replyTo().tell(new Rejected("entry " + applied.index() + " was overwritten by a later leader"));
    } else if (applied.failure() != null) {
      w.replyTo().tell(new Rejected(applied.failure()));
    } else {
      w.replyTo().tell(new Committed(applied.index(), applied.result()));
    }
  }

  /** Leadership ended: whatever is still waiting may or may not commit under the next leader. */
  void failAll(String reason) {
    waiting.forEach((index, w) -> w.replyTo().tell(new OutcomeUnknown(index, reason)));
    waiting.clear();
  }
}
