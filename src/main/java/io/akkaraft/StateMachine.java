package io.akkaraft;

/**
 * The application's replicated state machine.
 *
 * <p>Obligations: {@link #apply} must be deterministic (same commands in the same order give the same
 * results on every member: no clocks, no randomness, no I/O whose outcome differs between members), and
 * must not block. It is called from the member's actor only, one entry at a time, in index order, exactly
 * once per committed entry, so it needs no synchronization.
 *
 * @param <C> command type; must be serializable by Akka (for example by implementing {@link CborSerializable})
 * @param <R> result type; same requirement, as results travel back to remote callers
 */
public interface StateMachine<C, R> {

  /** Applies a committed command. {@code index} is the entry's log index, strictly increasing. */
  R apply(long index, C command);

  /**
   * Answers a read-only query from the current state, for {@link ClientProtocol.Read}. Must not change the
   * state. The member calls it only once the state is fresh enough for the read's consistency.
   *
   * @throws UnsupportedOperationException (the default) if this state machine answers no queries
   */
  default Object query(Object query) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " answers no queries");
  }
}
