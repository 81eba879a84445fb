package io.akkaraft.role;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The leader's read lease (§6.4.1, Figure 6.3): start + election timeout / clock drift bound. */
class LeaderLeaseTest {
  private static final long DURATION = 100;

  @Test
  @DisplayName("Figure 6.3: no lease before a majority acknowledged a round")
  void noLeaseUntilARoundIsConfirmed() {
    LeaderLease lease = new LeaderLease(DURATION);
    lease.roundStarted(1, 1_000);
    assertFalse(lease.validAt(1_001));
    assertTrue(lease.awaitsConfirmation());
  }

  @Test
  @DisplayName("Figure 6.3: the lease runs from when the confirmed round was sent, not from when it was confirmed")
  void leaseRunsFromTheStartOfTheConfirmedRound() {
    LeaderLease lease = new LeaderLease(DURATION);
    lease.roundStarted(1, 1_000);
    lease.confirmed(1);
    assertTrue(lease.validAt(1_099));
    assertFalse(lease.validAt(1_100), "expires at start + duration, however late the acknowledgements came");
    assertFalse(lease.awaitsConfirmation());
  }

  @Test
  @DisplayName("Figure 6.3: a later confirmed round extends the lease; confirming several rounds at once uses the latest")
  void laterRoundsExtendTheLease() {
    LeaderLease lease = new LeaderLease(DURATION);
    lease.roundStarted(1, 1_000);
    lease.roundStarted(2, 1_030);
    lease.roundStarted(3, 1_060);
    lease.confirmed(2);
    assertTrue(lease.validAt(1_129));
    assertFalse(lease.validAt(1_130));
    assertTrue(lease.awaitsConfirmation(), "round 3 is still out");
    lease.confirmed(3);
    assertTrue(lease.validAt(1_159));
    assertFalse(lease.validAt(1_160));
  }

  @Test
  @DisplayName("Figure 6.3: confirming an old round again never shortens the lease")
  void staleConfirmationDoesNotShortenTheLease() {
    LeaderLease lease = new LeaderLease(DURATION);
    lease.roundStarted(5, 2_000);
    lease.confirmed(5);
    lease.confirmed(4);
    assertTrue(lease.validAt(2_099));
  }

  @Test
  @DisplayName("§6.4.1: a lease ends with the leadership")
  void revokedLeaseIsNeverValid() {
    LeaderLease lease = new LeaderLease(DURATION);
    lease.roundStarted(1, 1_000);
    lease.confirmed(1);
    lease.revoke();
    assertFalse(lease.validAt(1_001));
    lease.confirmed(1);
    assertFalse(lease.validAt(1_001));
  }

  @Test
  @DisplayName("monotonic clocks may be negative and wrap: validity compares differences, never absolute values")
  void clockValuesNearOverflowWork() {
    LeaderLease lease = new LeaderLease(DURATION);
    long start = Long.MAX_VALUE - 50;
    lease.roundStarted(1, start);
    lease.confirmed(1);
    assertTrue(lease.validAt(start + 10));
    assertTrue(lease.validAt(start + 99));
    assertFalse(lease.validAt(start + 100));
  }
}
