package io.akkaraft.linearizability;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * For each operation of one key, the time by which it must have taken effect, or {@link Long#MAX_VALUE} if it
 * may never take effect. That is its completion when its outcome is known. An operation with an unknown
 * outcome that is the only one to write a value must also take effect if a known operation observed that
 * value (a READ returned it, or a CAS swapped from it), and before the first such observer completed.
 *
 * <p>Making such writes required, with a deadline, is what keeps histories with many timeouts cheap to
 * check: otherwise each may take effect anywhere from its invocation on, and the search tries them all.
 */
final class Deadlines {
  private Deadlines() {}

  static long[] of(List<Operation> ops) {
    Map<String, Integer> writers = new HashMap<>();
    Map<String, Long> firstObserved = new HashMap<>();
    for (Operation op : ops) {
      String written = writtenValue(op);
      if (written != null) writers.merge(written, 1, Integer::sum);
      String observed = observedValue(op);
      if (observed != null) firstObserved.merge(observed, op.completedNanos(), Math::min);
    }
    long[] deadlines = new long[ops.size()];
    for (int i = 0; i < deadlines.length; i++) {
      Operation op = ops.get(i);
      deadlines[i] = op.completedNanos();
      String written = writtenValue(op);
      if (op.outcomeKnown() || written == null || writers.get(written) != 1) continue;
      Long observed = firstObserved.get(written);
      // Observed before it was invoked: no order works, and the search will say so with the op left optional.
      if (observed != null && observed >= op.invokedNanos()) deadlines[i] = observed;
    }
    return deadlines;
  }

  /** The value the operation writes if it takes effect; null if none. */
  static String writtenValue(Operation op) {
    OpKind kind = op.invocation().kind();
    boolean mayWrite = (kind == OpKind.WRITE || kind == OpKind.CAS) && !(op.result() instanceof Result.Rejected);
    return mayWrite ? op.invocation().value() : null;
  }

  /** The value a known outcome proves was current at the operation's linearization point; null if none. */
  private static String observedValue(Operation op) {
    if (op.result() instanceof Result.ReadValue read) return read.value();
    if (op.invocation().kind() == OpKind.CAS && op.result() instanceof Result.Ok) return op.invocation().expected();
    return null;
  }
}
