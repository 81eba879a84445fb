package io.akkaraft.linearizability;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * The checker's answer. The history is linearizable only if every key's sub-history is; {@code problems}
 * holds, for each key that is not linearizable or whose search ran out of budget, a human-readable reason;
 * {@code keyVerdicts} holds every key's own verdict.
 */
public record CheckResult(Verdict verdict, Map<String, String> problems, Map<String, Verdict> keyVerdicts) {

  public CheckResult {
    problems = Map.copyOf(problems);
    keyVerdicts = Map.copyOf(keyVerdicts);
  }

  public boolean isLinearizable() {
    return verdict == Verdict.LINEARIZABLE;
  }

  /** The verdict and, per failing key (sorted by key), why; suitable as an assertion message. */
  public String explain() {
    long failing = keyVerdicts.values().stream().filter(v -> v != Verdict.LINEARIZABLE).count();
    String head = verdict + " (" + keyVerdicts.size() + " keys, " + failing + " not linearizable or unknown)";
    if (problems.isEmpty()) return head;
    return head + "\n" + problems.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> keyVerdicts.get(e.getKey()) + " " + e.getValue())
        .collect(Collectors.joining("\n"));
  }

  @Override
  public String toString() {
    return explain();
  }
}
