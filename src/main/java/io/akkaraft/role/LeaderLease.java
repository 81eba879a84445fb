package io.akkaraft.role;

import java.util.ArrayDeque;

/**
 * The leader's lease for reads without a round trip (§6.4.1, Figure 6.3): "once the leader's heartbeats were
 * acknowledged by a majority of the cluster, it would extend its lease to start + election timeout / clock
 * drift bound". Times are this member's monotonic clock, in nanoseconds; one lease per leadership.
 */
final class LeaderLease {
  private record Round(long number, long startedAt) {}

  private final long durationNanos;
  /** Rounds sent but not yet acknowledged by a majority, oldest first. */
  private final ArrayDeque<Round> unconfirmed = new ArrayDeque<>();
  private long expiresAt;
  private boolean held;

  LeaderLease(long durationNanos) {
    this.durationNanos = durationNanos;
  }

  /** The leader sent heartbeat round {@code number} at {@code now}. */
  void roundStarted(long number, long now) {
    unconfirmed.addLast(new Round(number, now));
  }

  boolean awaitsConfirmation() {
    return !unconfirmed.isEmpty();
  }

  /** A majority acknowledged every round up to {@code confirmedRound}: the lease runs from the latest one's start. */
  void confirmed(long confirmedRound) {
    Round latest = null;
    while (!unconfirmed.isEmpty() && unconfirmed.peekFirst().number() <= confirmedRound) latest = unconfirmed.pollFirst();
    if (latest == null) return;
    expiresAt = held ? Math.max(expiresAt, latest.startedAt() + durationNanos) : latest.startedAt() + durationNanos;
    held = true;
  }

  boolean validAt(long now) {
    return held && now - expiresAt < 0;
  }

  /** Leadership ended: nothing of this lease may be relied on again. */
  void revoke() {
    unconfirmed.clear();
    held = false;
  }
}
