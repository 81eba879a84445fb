package io.akkaraft.testkit.invariants;

import java.util.function.Supplier;

/** Where the invariant functions report what they find broken; each harness keeps violations its own way. */
@FunctionalInterface
public interface Violations {

  void add(Property property, String detail);

  /**
   * Reports {@code detail} unless {@code ok}, and returns {@code ok}. The detail is built only on failure:
   * checks run on every step, and messages show whole logs.
   */
  default boolean check(boolean ok, Property property, Supplier<String> detail) {
    if (!ok) add(property, detail.get());
    return ok;
  }
}
