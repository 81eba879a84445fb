package io.akkaraft.linearizability;

/**
 * One operation of a key's sub-history as a transition of the register model, with values as ints
 * ({@link #ABSENT} for no value; see {@link RegisterModel}) so the search compares and stores states
 * cheaply. Two operations with equal records make equal transitions.
 *
 * <p>An operation with an unknown outcome is only ever linearized with its effect (WRITE sets, CAS swaps,
 * DELETE removes): the outcomes without an effect leave the state as not linearizing it at all does.
 *
 * @param value READ: the value read; WRITE, CAS: the new value
 * @param expected CAS only
 */
record RegisterOp(OpKind kind, Result result, int value, int expected) {
  static final int ABSENT = -1;
  static final int REFUSED = -2;

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

  /** Whether the operation leaves every state as it is (when it fits at all). */
  boolean observesOnly() {
    return kind == OpKind.READ || result instanceof Result.Rejected;
  }
}
