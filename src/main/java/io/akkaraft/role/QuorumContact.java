package io.akkaraft.role;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * When the leader last heard from each follower, to tell whether a majority still answers it: a leader that
 * heard from a majority lately ignores vote requests for later terms (§4.2.3: the followers it heard from
 * would refuse them anyway), and one that has not for an election timeout steps down. Times are the member's
 * monotonic clock; one per leadership, starting as if every follower had just answered.
 */
final class QuorumContact {
  private final Map<String, Long> lastHeard = new HashMap<>();
  private final int quorum;

  QuorumContact(Iterable<String> peers, int quorum, long now) {
    for (String peer : peers) lastHeard.put(peer, now);
    this.quorum = quorum;
  }

  void heardFrom(String peer, long now) {
    lastHeard.replace(peer, now);
  }

  /** How long ago a majority (this leader included) had all answered; differences only, so clocks may wrap. */
  long majorityAge(long now) {
    long[] ages = new long[lastHeard.size() + 1];
    int i = 0;
    ages[i++] = 0; // the leader itself
    for (long t : lastHeard.values()) ages[i++] = now - t;
    Arrays.sort(ages);
    return ages[quorum - 1];
  }

  /** Whether a majority answered within {@code withinNanos} before {@code now}. */
  boolean active(long now, long withinNanos) {
    return majorityAge(now) < withinNanos;
  }
}
