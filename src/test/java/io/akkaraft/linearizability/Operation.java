package io.akkaraft.linearizability;

import java.util.Objects;

/**
 * One operation of a history: its invocation, the interval in which it happened ({@link System#nanoTime()}
 * readings; {@code completedNanos} is {@link Long#MAX_VALUE} when the outcome is unknown) and its result.
 */
public record Operation(long id, int process, Invocation invocation, long invokedNanos, long completedNanos,
                        Result result) {

  public Operation {
    Objects.requireNonNull(invocation, "invocation");
    Objects.requireNonNull(result, "result");
    if ((result instanceof Result.Unknown) != (completedNanos == Long.MAX_VALUE)) {
      throw new IllegalArgumentException("op " + id + ": an unknown outcome, and only that, has no completion time");
    }
    if (completedNanos < invokedNanos) {
      throw new IllegalArgumentException("op " + id + " completed before it was invoked");
    }
    if (!fits(invocation.kind(), result)) {
      throw new IllegalArgumentException("op " + id + ": " + invocation.kind() + " cannot end " + result);
    }
  }

  private static boolean fits(OpKind kind, Result result) {
    return switch (kind) {
      case READ -> result instanceof Result.ReadValue || result instanceof Result.Unknown;
      case WRITE -> result instanceof Result.Ok || result instanceof Result.Unknown;
      case CAS, DELETE -> !(result instanceof Result.ReadValue);
    };
  }

  public boolean outcomeKnown() {
    return !(result instanceof Result.Unknown);
  }

  public String key() {
    return invocation.key();
  }

  /** One line, with times in milliseconds after {@code originNanos}: {@code #7 p2 CAS k "a"->"b" rejected [+1.200, +3.050 ms]}. */
  public String describe(long originNanos) {
    String outcome;
    if (result instanceof Result.ReadValue read) {
      outcome = "-> " + quote(read.value());
    } else if (result instanceof Result.Rejected) {
      outcome = invocation.kind() == OpKind.DELETE ? "not-found" : "rejected";
    } else {
      outcome = outcomeKnown() ? "ok" : "outcome unknown";
    }
    String end = outcomeKnown() ? millis(completedNanos - originNanos) : "?";
    return "#" + id + " p" + process + " " + invocation + " " + outcome
        + " [" + millis(invokedNanos - originNanos) + ", " + end + " ms]";
  }

  @Override
  public String toString() {
    return describe(0);
  }

  static String quote(String value) {
    return value == null ? "absent" : '"' + value + '"';
  }

  private static String millis(long nanos) {
    return String.format("%+.3f", nanos / 1e6);
  }
}
