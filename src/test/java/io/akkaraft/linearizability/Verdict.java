package io.akkaraft.linearizability;

/** What the checker concluded about a history, or about one key's sub-history. */
public enum Verdict {
  LINEARIZABLE,
  NOT_LINEARIZABLE,
  /** The search ran out of its time or memory budget: nothing is known. */
  UNKNOWN
}
