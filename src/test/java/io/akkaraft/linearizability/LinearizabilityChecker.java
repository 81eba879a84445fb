package io.akkaraft.linearizability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a history of the key-value register is linearizable. Keys are independent registers, so
 * each key's sub-history is searched on its own (linearizability is compositional) by {@link KeySearch}.
 *
 * <p>Reads with an unknown outcome tell nothing and are dropped; other operations with an unknown outcome
 * may take effect at any time after their invocation, or never. Only real-time order constrains the search
 * (A precedes B iff A completed before B was invoked); process ids are only shown in explanations.
 *
 * <p>The budget bounds the whole check: keys are searched smallest first, and a key whose search runs out of
 * time (or of memory for its memo) is {@link Verdict#UNKNOWN}, never linearizable.
 */
public final class LinearizabilityChecker {
  public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(30);
  /** About 256 MiB of memo per key. */
  static final long MAX_STORED_WORDS = 32L << 20;

  private LinearizabilityChecker() {}

  public static CheckResult check(List<Operation> history) {
    return check(history, DEFAULT_BUDGET);
  }

  public static CheckResult check(List<Operation> history, Duration budget) {
    long deadline = System.nanoTime() + budget.toNanos();
    long origin = history.stream().mapToLong(Operation::invokedNanos).min().orElse(0);
    Map<String, List<Operation>> byKey = new HashMap<>();
    for (Operation op : history) {
      List<Operation> keyOps = byKey.computeIfAbsent(op.key(), k -> new ArrayList<>());
      boolean tellsNothing = op.invocation().kind() == OpKind.READ && !op.outcomeKnown();
      if (!tellsNothing) keyOps.add(op);
    }
    List<String> keys = new ArrayList<>(byKey.keySet());
    keys.sort(Comparator.comparingInt((String k) -> byKey.get(k).size()).thenComparing(k -> k));

    Map<String, Verdict> verdicts = new HashMap<>();
    Map<String, String> problems = new HashMap<>();
    for (String key : keys) {
      KeySearch.Outcome outcome = System.nanoTime() - deadline > 0
          ? new KeySearch.Outcome(Verdict.UNKNOWN, "key " + Operation.quote(key) + ": not searched, the time budget ("
              + budget.toMillis() + " ms) ran out on other keys first.")
          : KeySearch.run(key, byKey.get(key), origin, deadline, MAX_STORED_WORDS);
      verdicts.put(key, outcome.verdict());
      if (outcome.problem() != null) problems.put(key, outcome.problem());
    }
    return new CheckResult(overall(verdicts), problems, verdicts);
  }

  private static Verdict overall(Map<String, Verdict> verdicts) {
    if (verdicts.containsValue(Verdict.NOT_LINEARIZABLE)) return Verdict.NOT_LINEARIZABLE;
    if (verdicts.containsValue(Verdict.UNKNOWN)) return Verdict.UNKNOWN;
    return Verdict.LINEARIZABLE;
  }
}
