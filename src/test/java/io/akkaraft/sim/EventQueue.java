package io.akkaraft.sim;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Virtual time: actions ordered by due time, then by the order they were scheduled, so that a run never
 * depends on anything but its seed. Nothing sleeps; the clock jumps to the next due action.
 */
final class EventQueue {
  private record Event(long at, long seq, Runnable action) {}

  private final PriorityQueue<Event> queue =
      new PriorityQueue<>(Comparator.comparingLong(Event::at).thenComparingLong(Event::seq));
  private long now;
  private long seq;

  /** Virtual nanoseconds since the simulation began. */
  long now() {
    return now;
  }

  void at(long time, Runnable action) {
    queue.add(new Event(Math.max(time, now), seq++, action));
  }

  void after(long delayNanos, Runnable action) {
    at(now + delayNanos, action);
  }

  /** Runs the next action due no later than {@code until}; if there is none, moves the clock to {@code until}. */
  boolean step(long until) {
    Event next = queue.peek();
    if (next == null || next.at() > until) {
      now = Math.max(now, until);
      return false;
    }
    queue.poll();
    now = next.at();
    next.action().run();
    return true;
  }

  static long millis(double ms) {
    return (long) (ms * 1_000_000);
  }
}
