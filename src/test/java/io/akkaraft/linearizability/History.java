package io.akkaraft.linearizability;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A thread-safe recorder of operations for concurrent client threads. A client calls {@link #invoke} just
 * before it sends a request and one of the completion methods as soon as it has the answer, so each recorded
 * interval contains the moment the store really did the operation. Times come from {@link System#nanoTime()}.
 *
 * <p>After an unknown outcome a client should go on under a fresh process id (as Jepsen does); the checker
 * itself relies only on real-time order, never on process ids.
 */
public final class History {
  private final LongSupplier clock;
  private final List<Pending> pending = new ArrayList<>(); // index = op id

  public History() {
    this(System::nanoTime);
  }

  History(LongSupplier clock) {
    this.clock = clock;
  }

  /** Records the invocation time and returns the op id to complete it with. */
  public long invoke(int process, Invocation op) {
    Objects.requireNonNull(op, "op");
    long now = clock.getAsLong();
    synchronized (this) {
      pending.add(new Pending(process, op, now));
      return pending.size() - 1;
    }
  }

  /** WRITE done, CAS swapped, DELETE removed a present key. */
  public void ok(long id) {
    complete(id, Result.OK);
  }

  /** READ returned {@code value} (null: absent). */
  public void read(long id, String value) {
    complete(id, Result.read(value));
  }

  /** CAS compare failed (absent or another value) or DELETE found no key: a definite answer with no effect. */
  public void rejected(long id) {
    complete(id, Result.REJECTED);
  }

  /** Definitely had no effect and observed nothing (e.g. HTTP 503 "nothing applied"): dropped from the history. */
  public void notApplied(long id) {
    complete(id, null);
  }

  /** Outcome unknown (timeout, connection reset, 504): may take effect at any time after invocation, or never. */
  public void unknown(long id) {
    complete(id, Result.UNKNOWN);
  }

  /** A snapshot in invocation order; an operation never completed counts as unknown. */
  public synchronized List<Operation> operations() {
    List<Operation> ops = new ArrayList<>(pending.size());
    for (int id = 0; id < pending.size(); id++) {
      Pending p = pending.get(id);
      if (p.completed && p.result == null) continue; // not applied
      Result result = p.completed ? p.result : Result.UNKNOWN;
      long end = result instanceof Result.Unknown ? Long.MAX_VALUE : p.completedNanos;
      ops.add(new Operation(id, p.process, p.invocation, p.invokedNanos, end, result));
    }
    return ops;
  }

  private void complete(long id, Result result) {
    long now = clock.getAsLong();
    synchronized (this) {
      if (id < 0 || id >= pending.size()) throw new IllegalArgumentException("no operation " + id);
      Pending p = pending.get((int) id);
      if (p.completed) throw new IllegalStateException("operation " + id + " was already completed");
      // Fail at the call that is wrong, not later in operations().
      if (result != null && !(result instanceof Result.Unknown)) {
        new Operation(id, p.process, p.invocation, p.invokedNanos, now, result);
      }
      p.completed = true;
      p.completedNanos = now;
      p.result = result;
    }
  }

  private static final class Pending {
    final int process;
    final Invocation invocation;
    final long invokedNanos;
    boolean completed;
    long completedNanos;
    Result result; // null once completed: not applied

    Pending(int process, Invocation invocation, long invokedNanos) {
      this.process = process;
      this.invocation = invocation;
      this.invokedNanos = invokedNanos;
    }
  }
}
