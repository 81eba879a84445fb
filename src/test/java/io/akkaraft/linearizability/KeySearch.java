package io.akkaraft.linearizability;

import static io.akkaraft.linearizability.RegisterOp.ABSENT;
import static io.akkaraft.linearizability.RegisterOp.REFUSED;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The linearizability search for one key's sub-history (Wing and Gong's algorithm with Lowe's memo).
 *
 * <p>Every call and return is an entry in one list ordered by time (calls before returns at equal times, so
 * operations that touch are concurrent). An operation may be linearized next when its call comes before the
 * first return still in the list: every operation that completed before it was invoked is already
 * linearized. Linearizing lifts its entries out of the list; when no candidate fits, the search
 * backtracks. It succeeds when every required operation is linearized.
 *
 * <p>Required operations are those with a known outcome, whose return is their completion, and timed-out
 * writes whose value was observed, whose return is the first observer's completion ({@link Deadlines}).
 * The other operations with an unknown outcome are optional: a call and no return, so they may be
 * linearized any time after their call, or never. They live in a second list and are tried after the
 * required candidates.
 */
final class KeySearch {
  private static final int CLOCK_CHECK_MASK = (1 << 10) - 1;

  record Outcome(Verdict verdict, String problem) {}

  private final Operation[] ops;   // required first: [0, requiredCount), then optional ones
  private final long[] deadline;   // by when each must take effect (Deadlines); MAX_VALUE if optional
  private final RegisterOp[] model;
  private final RegisterModel register;
  private final int requiredCount;
  private final ViolationReport report;

  // Entries, in time order: entry e is the call or return of operation entryOp[e].
  private final int[] entryOp;
  private final boolean[] entryIsCall;
  private final int[] callEntry;
  private final int[] returnEntry; // -1 for an optional operation
  // Two doubly linked lists over the entries: required calls and returns, and optional calls.
  private final int[] next;
  private final int[] prev;
  private final int requiredHead;
  private final int requiredTail;
  private final int optionalHead;
  private final int optionalTail;

  private final LinearizedSet required;
  private final long[] optionalBits;
  private final FailedConfigurations failed = new FailedConfigurations();

  // The search position: the path of linearized operations, and each node's candidates still to try
  // (a stack of segments: node d tries candidates[tried[d]] up to candidates[end[d]]).
  private final int[] pathOp;
  private final int[] pathPrevState;
  private final int[] tried;
  private final int[] end;
  private int[] candidates = new int[64];
  private int depth;
  private int requiredDone;
  private int state = ABSENT;

  private final int[] classListed; // the listing that last took an optional op of each transition class
  private int listings;

  private ViolationReport.DeadEnd deepest;
  private long steps;

  private KeySearch(String key, List<Operation> keyOps, long originNanos) {
    long[] keyDeadlines = Deadlines.of(keyOps);
    Integer[] order = new Integer[keyOps.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparing((Integer i) -> keyDeadlines[i] == Long.MAX_VALUE)
        .thenComparingLong(i -> keyOps.get(i).invokedNanos()));
    int n = order.length;
    ops = new Operation[n];
    deadline = new long[n];
    for (int i = 0; i < n; i++) {
      ops[i] = keyOps.get(order[i]);
      deadline[i] = keyDeadlines[order[i]];
    }
    requiredCount = (int) Arrays.stream(deadline).filter(d -> d != Long.MAX_VALUE).count();

    register = new RegisterModel(ops);
    report = new ViolationReport(key, ops, deadline, requiredCount, register, originNanos);
    model = new RegisterOp[n];
    Arrays.setAll(model, register::op);
    classListed = new int[n];

    int entries = n + requiredCount;
    entryOp = new int[entries];
    entryIsCall = new boolean[entries];
    callEntry = new int[n];
    returnEntry = new int[n];
    buildEntries();
    next = new int[entries + 4];
    prev = new int[entries + 4];
    requiredHead = entries;
    requiredTail = entries + 1;
    optionalHead = entries + 2;
    optionalTail = entries + 3;
    linkLists();

    required = new LinearizedSet(requiredCount);
    optionalBits = new long[(n - requiredCount + 63) >>> 6];
    pathOp = new int[n];
    pathPrevState = new int[n];
    tried = new int[n + 1];
    end = new int[n + 1];
  }

  /** Searches for a linearization of {@code keyOps}, all on {@code key} and without unknown reads. */
  static Outcome run(String key, List<Operation> keyOps, long originNanos, long deadlineNanos, long maxStoredWords) {
    return new KeySearch(key, keyOps, originNanos).search(deadlineNanos, maxStoredWords);
  }

  private void buildEntries() {
    record Event(long time, boolean call, int op) {}
    List<Event> events = new ArrayList<>();
    for (int op = 0; op < ops.length; op++) {
      events.add(new Event(ops[op].invokedNanos(), true, op));
      if (op < requiredCount) events.add(new Event(deadline[op], false, op));
    }
    // At equal times calls come first: an operation that completes when another starts does not precede it.
    events.sort(Comparator.comparingLong(Event::time).thenComparing(e -> !e.call()));
    Arrays.fill(returnEntry, -1);
    for (int e = 0; e < events.size(); e++) {
      Event event = events.get(e);
      entryOp[e] = event.op();
      entryIsCall[e] = event.call();
      if (event.call()) callEntry[event.op()] = e;
      else returnEntry[event.op()] = e;
    }
  }

  private void linkLists() {
    int lastRequired = requiredHead;
    int lastOptional = optionalHead;
    for (int e = 0; e < entryOp.length; e++) {
      if (entryOp[e] < requiredCount) {
        link(lastRequired, e);
        lastRequired = e;
      } else {
        link(lastOptional, e);
        lastOptional = e;
      }
    }
    link(lastRequired, requiredTail);
    link(lastOptional, optionalTail);
  }

  private void link(int a, int b) {
    next[a] = b;
    prev[b] = a;
  }

  private Outcome search(long deadlineNanos, long maxStoredWords) {
    long started = System.nanoTime();
    listCandidates();
    while (next[requiredHead] != requiredTail) {
      if ((++steps & CLOCK_CHECK_MASK) == 0) {
        if (System.nanoTime() - deadlineNanos > 0) return gaveUp("the time budget ran out", started);
        if (failed.storedWords() > maxStoredWords) return gaveUp("the memo grew past its memory cap", started);
      }
      if (tried[depth] < end[depth]) {
        if (tryLinearize(candidates[tried[depth]++])) listCandidates();
      } else {
        noteDeadEnd();
        if (depth == 0) return new Outcome(Verdict.NOT_LINEARIZABLE, report.violation(deepest));
        failed.add(required, optionalBits, memoState(state, afterOptional()));
        backtrack();
      }
    }
    return new Outcome(Verdict.LINEARIZABLE, null);
  }

  /**
   * The operations that may come next, in the order to try them: required ones whose call precedes the
   * first return still in the list, soonest due first (the order real time suggests), then optional ones
   * invoked before that return. These reductions keep it short without losing any linearization:
   * <ul>
   *   <li>If a required operation that only observes (a READ, a rejected CAS, a DELETE of an absent key)
   *       fits now, it is the only candidate: it could move to the front of any order of the rest, since all
   *       it waits for is linearized and it leaves the state as it is. So observations never branch.
   *   <li>An optional operation is a candidate only if it changes the state: else leaving it out does the
   *       same. Of optional operations that make the same transition, only the one invoked first is: nothing
   *       waits for them, so any order that takes a later one could take the earlier instead.
   *   <li>Right after an optional operation, only an optional CAS may follow among the optional ones: after
   *       optional A then optional WRITE or DELETE B, B alone (or neither, for a DELETE on an absent key)
   *       ends in the same state. Without this, optional writes and deletes could alternate for ever
   *       without any required progress. Whether the last operation was optional is part of the memo's
   *       state, since it restricts what may follow.
   * </ul>
   */
  private void listCandidates() {
    int from = depth == 0 ? 0 : end[depth - 1];
    int size = from;
    int e = next[requiredHead];
    for (; e != requiredTail && entryIsCall[e]; e = next[e]) {
      int op = entryOp[e];
      if (model[op].observesOnly() && model[op].apply(state) != REFUSED) {
        tried[depth] = from;
        end[depth] = push(from, op);
        return;
      }
      size = push(size, op);
    }
    sortByCompletion(from, size);
    listings++;
    boolean afterOptional = afterOptional();
    for (int u = next[optionalHead]; u < e; u = next[u]) {
      int after = model[entryOp[u]].apply(state);
      if (after == REFUSED || after == state) continue;
      if (afterOptional && model[entryOp[u]].kind() != OpKind.CAS) continue;
      int transition = register.transitionClass(entryOp[u]);
      if (classListed[transition] == listings) continue;
      classListed[transition] = listings;
      size = push(size, entryOp[u]);
    }
    tried[depth] = from;
    end[depth] = size;
  }

  private int push(int size, int op) {
    if (size == candidates.length) candidates = Arrays.copyOf(candidates, size * 2);
    candidates[size] = op;
    return size + 1;
  }

  /** Insertion sort: a node has few candidates. */
  private void sortByCompletion(int from, int to) {
    for (int i = from + 1; i < to; i++) {
      int op = candidates[i];
      int j = i - 1;
      for (; j >= from && returnEntry[candidates[j]] > returnEntry[op]; j--) candidates[j + 1] = candidates[j];
      candidates[j + 1] = op;
    }
  }

  private boolean afterOptional() {
    return depth > 0 && pathOp[depth - 1] >= requiredCount;
  }

  private static int memoState(int state, boolean afterOptional) {
    return 2 * (state - ABSENT) + (afterOptional ? 1 : 0);
  }

  private boolean tryLinearize(int op) {
    int after = model[op].apply(state);
    if (after == REFUSED) return false;
    include(op);
    if (failed.prunes(required, optionalBits, memoState(after, op >= requiredCount))) {
      exclude(op);
      return false;
    }
    pathOp[depth] = op;
    pathPrevState[depth] = state;
    depth++;
    state = after;
    lift(op);
    if (op < requiredCount) requiredDone++;
    return true;
  }

  private void backtrack() {
    int op = pathOp[--depth];
    state = pathPrevState[depth];
    exclude(op);
    unlift(op);
    if (op < requiredCount) requiredDone--;
  }

  private void include(int op) {
    if (op < requiredCount) required.add(op);
    else optionalBits[(op - requiredCount) >>> 6] |= 1L << (op - requiredCount);
  }

  /** Undoes the last {@link #include}. */
  private void exclude(int op) {
    if (op < requiredCount) required.remove(op);
    else optionalBits[(op - requiredCount) >>> 6] &= ~(1L << (op - requiredCount));
  }

  // Dancing links: entries removed are put back in the reverse order.
  private void lift(int op) {
    unlink(callEntry[op]);
    if (returnEntry[op] >= 0) unlink(returnEntry[op]);
  }

  private void unlift(int op) {
    if (returnEntry[op] >= 0) relink(returnEntry[op]);
    relink(callEntry[op]);
  }

  private void unlink(int e) {
    next[prev[e]] = next[e];
    prev[next[e]] = prev[e];
  }

  private void relink(int e) {
    next[prev[e]] = e;
    prev[next[e]] = e;
  }

  private void noteDeadEnd() {
    if (deepest != null && requiredDone <= deepest.requiredDone()) return;
    List<Integer> open = new ArrayList<>();
    int firstReturn = next[requiredHead];
    for (; entryIsCall[firstReturn]; firstReturn = next[firstReturn]) open.add(entryOp[firstReturn]);
    for (int e = next[optionalHead]; e < firstReturn; e = next[e]) open.add(entryOp[e]);
    deepest = new ViolationReport.DeadEnd(Arrays.copyOf(pathOp, depth), requiredDone, state,
        open.stream().mapToInt(Integer::intValue).toArray(), entryOp[firstReturn]);
  }

  private Outcome gaveUp(String why, long startedNanos) {
    return new Outcome(Verdict.UNKNOWN, report.gaveUp(why, System.nanoTime() - startedNanos, steps, deepest));
  }
}
