package io.akkaraft.linearizability;

/** How an operation ended, as far as its client could tell. */
public sealed interface Result {
  Result OK = new Ok();
  Result REJECTED = new Rejected();
  Result UNKNOWN = new Unknown();

  /** A READ's answer; {@code null} means the key was absent. */
  static Result read(String value) {
    return new ReadValue(value);
  }

  /** WRITE done, CAS swapped, DELETE removed a present key. */
  record Ok() implements Result {}

  /** A READ returned {@code value} (null: absent). */
  record ReadValue(String value) implements Result {}

  /** CAS compare failed, or DELETE found no key: a definite answer with no effect. */
  record Rejected() implements Result {}

  /** The client never learnt the outcome: the operation may take effect at any time after its invocation, or never. */
  record Unknown() implements Result {}
}
