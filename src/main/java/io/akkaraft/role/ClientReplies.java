package io.akkaraft.role;

import akka.actor.typed.ActorRef;
import io.akkaraft.ClientProtocol.Committed;
import io.akkaraft.ClientProtocol.OutcomeUnknown;
import io.akkaraft.ClientProtocol.Rejected;
import io.akkaraft.ClientProtocol.SubmitReply;
import java.util.HashMap;
import java.util.Map;

/**
 * The leader's clients waiting for their entry to be applied (§3.5: "respond after entry applied"), and the
 * retries that joined them: a client that re-sends a command whose entry is already appended (its answer
 * was only slow) is answered with that entry's outcome, instead of a second copy being appended.
 */
final class ClientReplies {
  /** One client waiting for an entry; {@code next} is another that waits for the same (a joined retry). */
  private record Waiting(long term, ActorRef<SubmitReply> replyTo, String retryKey, Waiting next) {}

  private final Map<Long, Waiting> waiting = new HashMap<>();
  /** Entries appended under a retry key and not yet applied, by key. */
  private final Map<String, Long> byRetryKey = new HashMap<>();

  void await(long index, long term, ActorRef<SubmitReply> replyTo, String retryKey) {
    waiting.put(index, new Waiting(term, replyTo, retryKey, null));
    if (retryKey != null) byRetryKey.put(retryKey, index);
  }

  /** Whether an entry appended under {@code retryKey} still waits; if so, {@code replyTo} gets its outcome. */
  boolean join(String retryKey, ActorRef<SubmitReply> replyTo) {
    Long index = retryKey == null ? null : byRetryKey.get(retryKey);
    if (index == null) return false;
    Waiting first = waiting.get(index);
    waiting.put(index, new Waiting(first.term(), replyTo, first.retryKey(), first));
    return true;
  }

  void onApplied(Applier.Applied applied) {
    Waiting w = waiting.remove(applied.index());
    if (w == null) return;
    if (w.retryKey() != null) byRetryKey.remove(w.retryKey());
    SubmitReply reply;
    if (w.term() != applied.term()) {
      // Another leader's entry took this index: ours was never committed.
      reply = new Rejected("entry " + applied.index() + " was overwritten by a later leader");
    } else if (applied.failure() != null) {
      reply = new Rejected(applied.failure());
    } else {
      reply = new Committed(applied.index(), applied.result());
    }
    for (Waiting each = w; each != null; each = each.next()) each.replyTo().tell(reply);
  }

  /** Leadership ended: whatever is still waiting may or may not commit under the next leader. */
  void failAll(String reason) {
    waiting.forEach((index, w) -> {
      OutcomeUnknown unknown = new OutcomeUnknown(index, reason);
      for (Waiting each = w; each != null; each = each.next()) each.replyTo().tell(unknown);
    });
    waiting.clear();
    byRetryKey.clear();
  }
}
