package io.akkaraft.linearizability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Linearizable histories by construction: operations take effect one at a time on a model register per key,
 * at strictly increasing instants; each is recorded with an interval around its instant, by a process that
 * is idle then. With no jitter the intervals are the instants themselves (a sequential history); with jitter
 * they stretch before and after it and overlap.
 *
 * <p>Some operations time out: they take effect at their instant or not at all, and are recorded as unknown;
 * their process is retired and a fresh one takes its place, as the cluster tests' clients do.
 */
final class RandomHistories {

  /**
   * @param maxLead how far before its instant an operation may be invoked, in microseconds (instants are
   *     1 to 4 apart)
   * @param maxLag how far after its instant it may complete
   * @param unknownRate share of operations that time out
   */
  record Spec(List<String> keys, int operations, int processes, long maxLead, long maxLag, double unknownRate) {}

  private final Spec spec;
  private final Random random;
  private final Map<String, String> register = new HashMap<>();
  private final Map<String, List<String>> written = new HashMap<>();
  private final List<Operation> ops = new ArrayList<>();
  private final int[] processIds;
  private final long[] idleFrom;
  private int nextProcess;
  private int nextValue;

  private RandomHistories(Spec spec, long seed) {
    this.spec = spec;
    this.random = new Random(seed);
    processIds = new int[spec.processes()];
    idleFrom = new long[spec.processes()];
    for (int i = 0; i < processIds.length; i++) processIds[i] = nextProcess++;
  }

  static List<Operation> generate(Spec spec, long seed) {
    return new RandomHistories(spec, seed).run();
  }

  private List<Operation> run() {
    long instant = 0;
    while (ops.size() < spec.operations()) {
      instant += 1 + random.nextInt(4);
      int slot = idleSlot(instant);
      if (slot < 0) continue;
      String key = spec.keys().get(random.nextInt(spec.keys().size()));
      Invocation invocation = nextInvocation(key);
      long invoked = Math.max(idleFrom[slot], instant - randomUpTo(spec.maxLead()));
      long completed = instant + randomUpTo(spec.maxLag());
      if (random.nextDouble() < spec.unknownRate()) {
        if (random.nextBoolean()) apply(invocation); // took effect though nobody heard
        ops.add(new Operation(ops.size(), processIds[slot], invocation, nanos(invoked), Long.MAX_VALUE, Result.UNKNOWN));
        processIds[slot] = nextProcess++;
      } else {
        ops.add(new Operation(ops.size(), processIds[slot], invocation, nanos(invoked), nanos(completed),
            apply(invocation)));
      }
      idleFrom[slot] = completed + 1;
    }
    return ops;
  }

  /** Time runs in microseconds. */
  private static long nanos(long micros) {
    return micros * 1_000;
  }

  private long randomUpTo(long bound) {
    return bound == 0 ? 0 : (long) (random.nextDouble() * (bound + 1));
  }

  /** A process that is idle at {@code instant}, chosen at random, or -1. */
  private int idleSlot(long instant) {
    int start = random.nextInt(idleFrom.length);
    for (int i = 0; i < idleFrom.length; i++) {
      int slot = (start + i) % idleFrom.length;
      if (idleFrom[slot] <= instant) return slot;
    }
    return -1;
  }

  private Invocation nextInvocation(String key) {
    int dice = random.nextInt(10);
    if (dice < 4) return Invocation.read(key);
    if (dice < 7) return Invocation.write(key, freshValue(key));
    if (dice < 9) return Invocation.cas(key, expectedValue(key), freshValue(key));
    return Invocation.delete(key);
  }

  private String freshValue(String key) {
    return key + "-" + nextValue++;
  }

  /** Mostly the current value, else an older one, so both outcomes of a compare happen. */
  private String expectedValue(String key) {
    String current = register.get(key);
    List<String> old = written.getOrDefault(key, List.of());
    if (current != null && random.nextInt(3) > 0) return current;
    return old.isEmpty() ? key + "-never" : old.get(Math.max(0, old.size() - 1 - random.nextInt(3)));
  }

  /** Applies the operation to the register at its instant and returns what its client hears. */
  private Result apply(Invocation op) {
    String current = register.get(op.key());
    switch (op.kind()) {
      case READ:
        return Result.read(current);
      case WRITE:
        set(op.key(), op.value());
        return Result.OK;
      case CAS:
        if (!op.expected().equals(current)) return Result.REJECTED;
        set(op.key(), op.value());
        return Result.OK;
      case DELETE:
        if (current == null) return Result.REJECTED;
        register.remove(op.key());
        return Result.OK;
      default:
        throw new IllegalStateException();
    }
  }

  private void set(String key, String value) {
    register.put(key, value);
    written.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
  }
}
