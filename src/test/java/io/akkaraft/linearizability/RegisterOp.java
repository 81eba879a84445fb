package io.akkaraft.linearizability;

import java.util.Map;

/**
 * One operation of a key's sub-history as a transition of the register model, with values interned to ints
 * ({@link #ABSENT} for no value) so the search compares and stores states cheaply.
 *
 * <p>An operation with an unknown outcome is only ever linearized with its effect (WRITE sets, CAS swaps,
 * DELETE removes): the outcomes without an effect leave the state as not linearizing it at all does.
 */
final class RegisterOp {
  static final int ABSENT = -1;
  static final int REFUSED = -2;

  private final OpKind kind;
  private final Result result;
  private final int value;    // READ: the value read; WRITE, CAS: the new value
  private final int expected; // CAS only

  private RegisterOp(OpKind kind, Result result, int value, int expected) {
    this.kind = kind;
    this.result = result;
    this.value = value;
    this.expected = expected;
  }

  static RegisterOp of(Operation op, Map<String, Integer> valueIds) {
    Invocation inv = op.invocation();
    String value = op.result() instanceof Result.ReadValue read ? read.value() : inv.value();
    return new RegisterOp(inv.kind(), op.result(), intern(value, valueIds), intern(inv.expected(), valueIds));
  }

  private static int intern(String value, Map<String, Integer> valueIds) {
    return value == null ? ABSENT : valueIds.computeIfAbsent(value, v -> valueIds.size());
  }

  /** The state after this operation in {@code state}, or {@link #REFUSED} if it cannot happen there with its result. */
  int apply(int state) {
    boolean rejected = result instanceof Result.Rejected;
    return switch (kind) {
      case READ -> state == value ? state : REFUSED;
      case WRITE -> value;
      case CAS -> rejected ? (state != expected ? state : REFUSED) : (state == expected ? value : REFUSED);
      case DELETE -> rejected ? (state == ABSENT ? state : REFUSED) : (state != ABSENT ? ABSENT : REFUSED);
    };
  }

  /** Why {@link #apply} refuses {@code state}, for people; {@code names} maps a value id to its text. */
  String whyRefused(int state, String[] names) {
    String current = state == ABSENT ? "the key is absent" : "the value is " + Operation.quote(names[state]);
    return switch (kind) {
      case READ -> current;
      case CAS -> result instanceof Result.Rejected
          ? "the compare would succeed: " + current
          : current + ", not " + Operation.quote(names[expected]);
      case DELETE -> current;
      case WRITE -> throw new IllegalStateException("a write always fits");
    };
  }
}
