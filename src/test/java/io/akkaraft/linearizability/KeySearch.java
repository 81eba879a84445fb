package io.akkaraft.linearizability;

import static io.akkaraft.linearizability.RegisterOp.ABSENT;
import static io.akkaraft.linearizability.RegisterOp.REFUSED;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The linearizability search for one key's sub-history (Wing and Gong's algorithm with Lowe's memo).
 *
 * <p>Every call and return is an entry in one list ordered by time (calls before returns at equal times, so
 * operations that touch are concurrent). An operation may be linearized next when its call comes before the
 * first return still in the list: every operation that completed before it was invoked is already
 * linearized. Linearizing lifts its entries out of the list; a return reached first means a dead end, and
 * the search backtracks. It succeeds when every operation with a known outcome is linearized.
 *
 * <p>Operations with an unknown outcome have a call and no return: they may be linearized any time after
 * their call, or never. They live in a second list and are tried only after the known candidates, so an
 * unknown write tends to be placed just where a later read needs it.
 */
final class KeySearch {
  private static final int CLOCK_CHECK_MASK = (1 << 10) - 1;
  private static final int PREFIX_SHOWN = 5;
  private static final int CANDIDATES_SHOWN = 10;

  record Outcome(Verdict verdict, String problem) {}

  private final String key;
  private final Operation[] ops;   // known outcomes first: [0, knownCount), then unknown ones
  private final RegisterOp[] model;
  private final int knownCount;
  private final String[] valueNames;
  private final long originNanos;

  // Entries, in time order: entry e is the call or return of operation entryOp[e].
  private final int[] entryOp;
  private final boolean[] entryIsCall;
  private final int[] callEntry;
  private final int[] returnEntry; // -1 for an unknown outcome
  // Two doubly linked lists over the entries: known calls and returns, and unknown calls.
  private final int[] next;
  private final int[] prev;
  private final int knownHead;
  private final int knownTail;
  private final int unknownHead;
  private final int unknownTail;

  private final long[] knownBits;
  private final long[] unknownBits;
  private final long[] zobrist;
  private long knownHash;
  private final FailedConfigurations failed = new FailedConfigurations();

  // The search position: the path of linearized operations, and where the current node's scan stands.
  private final int[] pathOp;
  private final int[] pathPrevState;
  private final int[] pathLimit;
  private int depth;
  private int knownDone;
  private int state = ABSENT;
  private int cursor;
  private boolean scanningKnown;
  private int limit; // the first return still in the list, once the scan has reached it

  private DeadEnd deepest;
  private long steps;

  private KeySearch(String key, List<Operation> keyOps, long originNanos) {
    this.key = key;
    this.originNanos = originNanos;
    List<Operation> sorted = new ArrayList<>(keyOps);
    sorted.sort(Comparator.comparing((Operation op) -> !op.outcomeKnown()).thenComparingLong(Operation::invokedNanos));
    ops = sorted.toArray(Operation[]::new);
    int n = ops.length;
    knownCount = (int) sorted.stream().filter(Operation::outcomeKnown).count();

    Map<String, Integer> valueIds = new HashMap<>();
    model = new RegisterOp[n];
    for (int i = 0; i < n; i++) model[i] = RegisterOp.of(ops[i], valueIds);
    valueNames = new String[valueIds.size()];
    valueIds.forEach((value, id) -> valueNames[id] = value);

    int entries = n + knownCount;
    entryOp = new int[entries];
    entryIsCall = new boolean[entries];
    callEntry = new int[n];
    returnEntry = new int[n];
    buildEntries();
    next = new int[entries + 4];
    prev = new int[entries + 4];
    knownHead = entries;
    knownTail = entries + 1;
    unknownHead = entries + 2;
    unknownTail = entries + 3;
    linkLists();

    knownBits = new long[(knownCount + 63) >>> 6];
    unknownBits = new long[(n - knownCount + 63) >>> 6];
    zobrist = new long[knownCount];
    Random random = new Random(0x5EEDL); // any fixed words will do: equal hashes are confirmed
    for (int i = 0; i < knownCount; i++) zobrist[i] = random.nextLong();
    pathOp = new int[n];
    pathPrevState = new int[n];
    pathLimit = new int[n];
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
      if (op < knownCount) events.add(new Event(ops[op].completedNanos(), false, op));
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
    int lastKnown = knownHead;
    int lastUnknown = unknownHead;
    for (int e = 0; e < entryOp.length; e++) {
      if (entryOp[e] < knownCount) {
        link(lastKnown, e);
        lastKnown = e;
      } else {
        link(lastUnknown, e);
        lastUnknown = e;
      }
    }
    link(lastKnown, knownTail);
    link(lastUnknown, unknownTail);
  }

  private void link(int a, int b) {
    next[a] = b;
    prev[b] = a;
  }

  private Outcome search(long deadlineNanos, long maxStoredWords) {
    long started = System.nanoTime();
    startNode();
    while (next[knownHead] != knownTail) {
      if ((++steps & CLOCK_CHECK_MASK) == 0) {
        if (System.nanoTime() - deadlineNanos > 0) return gaveUp("the time budget ran out", started);
        if (failed.storedWords() > maxStoredWords) return gaveUp("the memo grew past its memory cap", started);
      }
      if (scanningKnown && entryIsCall[cursor]) {
        if (!tryLinearize(entryOp[cursor])) cursor = next[cursor];
      } else if (scanningKnown) {
        limit = cursor;
        scanningKnown = false;
        cursor = next[unknownHead];
      } else if (cursor < limit) { // the unknown tail sentinel is never below an entry
        if (!tryLinearize(entryOp[cursor])) cursor = next[cursor];
      } else {
        noteDeadEnd();
        if (depth == 0) return new Outcome(Verdict.NOT_LINEARIZABLE, explainViolation());
        failed.add(knownBits, knownHash, unknownBits, state);
        backtrack();
      }
    }
    return new Outcome(Verdict.LINEARIZABLE, null);
  }

  private void startNode() {
    scanningKnown = true;
    cursor = next[knownHead];
    limit = -1;
  }

  private boolean tryLinearize(int op) {
    int after = model[op].apply(state);
    if (after == REFUSED) return false;
    toggle(op);
    if (failed.prunes(knownBits, knownHash, unknownBits, after)) {
      toggle(op);
      return false;
    }
    pathOp[depth] = op;
    pathPrevState[depth] = state;
    pathLimit[depth] = limit;
    depth++;
    state = after;
    lift(op);
    if (op < knownCount) knownDone++;
    startNode();
    return true;
  }

  private void backtrack() {
    int op = pathOp[--depth];
    state = pathPrevState[depth];
    limit = pathLimit[depth];
    toggle(op);
    unlift(op);
    if (op < knownCount) knownDone--;
    scanningKnown = op < knownCount;
    cursor = next[callEntry[op]];
  }

  private void toggle(int op) {
    if (op < knownCount) {
      knownBits[op >>> 6] ^= 1L << op;
      knownHash ^= zobrist[op];
    } else {
      int u = op - knownCount;
      unknownBits[u >>> 6] ^= 1L << u;
    }
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

  /** The furthest the search got (most known operations linearized): what the explanation shows. */
  private record DeadEnd(int[] path, int knownDone, int state, int[] candidates, int blocking) {}

  private void noteDeadEnd() {
    if (deepest != null && knownDone <= deepest.knownDone()) return;
    List<Integer> candidates = new ArrayList<>();
    for (int e = next[knownHead]; entryIsCall[e]; e = next[e]) candidates.add(entryOp[e]);
    for (int e = next[unknownHead]; e < limit; e = next[e]) candidates.add(entryOp[e]);
    deepest = new DeadEnd(Arrays.copyOf(pathOp, depth), knownDone, state,
        candidates.stream().mapToInt(Integer::intValue).toArray(), entryOp[limit]);
  }

  private Outcome gaveUp(String why, long startedNanos) {
    String progress = deepest == null ? "" : "; so far at most " + deepest.knownDone()
        + " of " + knownCount + " operations with a known outcome fit in order";
    return new Outcome(Verdict.UNKNOWN, "key " + Operation.quote(key) + ": search stopped after "
        + Duration.ofNanos(System.nanoTime() - startedNanos).toMillis() + " ms and " + steps + " steps, "
        + why + progress + ". Nothing is known about this key.");
  }

  private String explainViolation() {
    DeadEnd end = deepest;
    int unknownTaken = end.path().length - end.knownDone();
    StringBuilder text = new StringBuilder("key ").append(Operation.quote(key))
        .append(": no order of its operations agrees with both the register and real time.\n")
        .append("At best ").append(end.knownDone()).append(" of ").append(knownCount)
        .append(" operations with a known outcome fit in order");
    if (ops.length > knownCount) {
      text.append(" (with ").append(unknownTaken).append(" of ").append(ops.length - knownCount)
          .append(" with an unknown outcome taking effect)");
    }
    text.append(", leaving ").append(describeState(end.state())).append(end.path().length == 0 ? ".\n" : "; the last:\n");
    for (int i = Math.max(0, end.path().length - PREFIX_SHOWN); i < end.path().length; i++) {
      text.append("  ").append(ops[end.path()[i]].describe(originNanos)).append('\n');
    }
    text.append("None of the operations still open can come next:\n");
    Set<String> written = writtenValues();
    for (int i = 0; i < Math.min(end.candidates().length, CANDIDATES_SHOWN); i++) {
      int op = end.candidates()[i];
      text.append("  ").append(ops[op].describe(originNanos)).append(": ").append(whyNot(op, end.state(), written))
          .append('\n');
    }
    if (end.candidates().length > CANDIDATES_SHOWN) {
      text.append("  ... and ").append(end.candidates().length - CANDIDATES_SHOWN).append(" more\n");
    }
    Operation blocking = ops[end.blocking()];
    text.append("(#").append(blocking.id()).append(" completed at ")
        .append(String.format("%+.3f ms", (blocking.completedNanos() - originNanos) / 1e6))
        .append(", so it comes before every operation invoked after that.)");
    return text.toString();
  }

  private String whyNot(int op, int at, Set<String> written) {
    if (model[op].apply(at) != REFUSED) return "it fits, but no order of the rest can follow it";
    String why = model[op].whyRefused(at, valueNames);
    if (ops[op].result() instanceof Result.ReadValue read && read.value() != null && !written.contains(read.value())) {
      why += "; no operation writes " + Operation.quote(read.value());
    }
    return why;
  }

  private Set<String> writtenValues() {
    Set<String> written = new HashSet<>();
    for (Operation op : ops) {
      OpKind kind = op.invocation().kind();
      if ((kind == OpKind.WRITE || kind == OpKind.CAS) && !(op.result() instanceof Result.Rejected)) {
        written.add(op.invocation().value());
      }
    }
    return written;
  }

  private String describeState(int at) {
    return at == ABSENT ? "the key absent" : "the value " + Operation.quote(valueNames[at]);
  }
}
