package io.akkaraft.role;

import akka.actor.typed.javadsl.TimerScheduler;
import io.akkaraft.RaftCommand;
import io.akkaraft.RaftSettings;
import java.time.Duration;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * The randomized election timeout (§3.4). A follower resets it on every AppendEntries, thousands of times a
 * second under load, so a reset only moves the deadline; the one armed timer, when it fires, arms itself
 * again for whatever time the deadline moved by.
 */
final class ElectionTimer {
  private final TimerScheduler<RaftCommand> timers;
  private final LongSupplier clock;
  private final Random random;
  private final long minNanos;
  private final long spreadNanos;
  /** When the timeout elapses unless reset again, by {@link #clock}. */
  private long deadline;
  private boolean armed;

  ElectionTimer(TimerScheduler<RaftCommand> timers, RaftSettings settings, LongSupplier clock) {
    this.timers = timers;
    this.clock = clock;
    this.random = new Random(settings.randomSeed());
    this.minNanos = settings.electionTimeoutMin().toNanos();
    this.spreadNanos = settings.electionTimeoutMax().toNanos() - minNanos;
  }

  /** (Re)starts the timeout with a fresh random duration. */
  void start() {
    long timeout = minNanos + random.nextLong(spreadNanos);
    deadline = clock.getAsLong() + timeout;
    if (!armed) arm(timeout);
  }

  /** The armed timer fired: whether the timeout elapsed (otherwise it is armed again for the rest). */
  boolean fired() {
    armed = false;
    long remaining = deadline - clock.getAsLong();
    if (remaining > 0) { // reset since this timer was armed
      arm(remaining);
      return false;
    }
    return true;
  }

  /** No timeout until the next {@link #start}: a leader holds none, and a forced timeout starts afresh. */
  void stop() {
    timers.cancel(Internal.TimerKey.ELECTION);
    armed = false;
  }

  private void arm(long nanos) {
    armed = true;
    timers.startSingleTimer(Internal.TimerKey.ELECTION, Internal.ElectionTimeout.INSTANCE, Duration.ofNanos(nanos));
  }
}
