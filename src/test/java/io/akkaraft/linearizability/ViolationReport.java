package io.akkaraft.linearizability;

import static io.akkaraft.linearizability.RegisterOp.REFUSED;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** Human-readable reasons for a key's verdict when it is not linearizable, or unknown. */
final class ViolationReport {
  private static final int PREFIX_SHOWN = 5;
  private static final int CANDIDATES_SHOWN = 10;

  /**
   * The furthest a search got: the operations it linearized in order, how many of them were required, the
   * model state after them, the operations that could come next (none fitted), and the one due first.
   */
  record DeadEnd(int[] path, int requiredDone, int state, int[] candidates, int blocking) {}

  private final String key;
  private final Operation[] ops;
  private final long[] deadline;
  private final int requiredCount;
  private final RegisterModel register;
  private final long originNanos;

  ViolationReport(String key, Operation[] ops, long[] deadline, int requiredCount, RegisterModel register,
                  long originNanos) {
    this.key = key;
    this.ops = ops;
    this.deadline = deadline;
    this.requiredCount = requiredCount;
    this.register = register;
    this.originNanos = originNanos;
  }

  String gaveUp(String why, long elapsedNanos, long steps, DeadEnd deepest) {
    String progress = deepest == null ? "" : "; so far at most " + deepest.requiredDone()
        + " of " + requiredCount + " operations that must take effect fit in order";
    return "key " + Operation.quote(key) + ": search stopped after " + Duration.ofNanos(elapsedNanos).toMillis()
        + " ms and " + steps + " steps, " + why + progress + ". Nothing is known about this key.";
  }

  /** Why no linearization exists, from the furthest the search got. */
  String violation(DeadEnd end) {
    int optionalTaken = end.path().length - end.requiredDone();
    StringBuilder text = new StringBuilder("key ").append(Operation.quote(key))
        .append(": no order of its operations agrees with both the register and real time.\n")
        .append("At best ").append(end.requiredDone()).append(" of ").append(requiredCount)
        .append(" operations that must take effect fit in order");
    if (ops.length > requiredCount) {
      text.append(" (with ").append(optionalTaken).append(" of ").append(ops.length - requiredCount)
          .append(" that may take effect doing so)");
    }
    String current = valueAfter(end.path());
    text.append(", leaving ").append(current == null ? "the key absent" : "the value " + Operation.quote(current))
        .append(end.path().length == 0 ? ".\n" : "; the last:\n");
    for (int i = Math.max(0, end.path().length - PREFIX_SHOWN); i < end.path().length; i++) {
      text.append("  ").append(ops[end.path()[i]].describe(originNanos)).append('\n');
    }
    text.append("None of the operations still open can come next:\n");
    Set<String> written = writtenValues();
    for (int i = 0; i < Math.min(end.candidates().length, CANDIDATES_SHOWN); i++) {
      int op = end.candidates()[i];
      text.append("  ").append(ops[op].describe(originNanos)).append(": ")
          .append(whyNot(op, end.state(), current, written))
          .append('\n');
    }
    if (end.candidates().length > CANDIDATES_SHOWN) {
      text.append("  ... and ").append(end.candidates().length - CANDIDATES_SHOWN).append(" more\n");
    }
    Operation blocking = ops[end.blocking()];
    text.append("(#").append(blocking.id())
        .append(blocking.outcomeKnown() ? " completed at " : " timed out, but its value was observed by ")
        .append(String.format("%+.3f ms", (deadline[end.blocking()] - originNanos) / 1e6))
        .append(", so it comes before every operation invoked after that.)");
    return text.toString();
  }

  private String whyNot(int op, int at, String current, Set<String> written) {
    if (register.op(op).apply(at) != REFUSED) return "it fits, but no order of the rest can follow it";
    String why = register.whyRefused(op, current);
    if (ops[op].result() instanceof Result.ReadValue read && read.value() != null && !written.contains(read.value())) {
      why += "; no operation writes " + Operation.quote(read.value());
    }
    return why;
  }

  private Set<String> writtenValues() {
    Set<String> written = new HashSet<>();
    for (Operation op : ops) {
      String value = Deadlines.writtenValue(op);
      if (value != null) written.add(value);
    }
    return written;
  }

  /** The value the key holds after {@code path} (null: absent): what the model's state stands for. */
  private String valueAfter(int[] path) {
    String value = null;
    for (int op : path) {
      Operation o = ops[op];
      if (Deadlines.writtenValue(o) != null) value = Deadlines.writtenValue(o);
      if (o.invocation().kind() == OpKind.DELETE && !(o.result() instanceof Result.Rejected)) value = null;
    }
    return value;
  }
}
