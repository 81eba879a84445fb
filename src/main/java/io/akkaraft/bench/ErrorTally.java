package io.akkaraft.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Failed requests counted by kind ("503 no leader reachable", "timed out"), so a report can list every kind. */
final class ErrorTally {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  void record(String kind) {
    counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  long total() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** One line per kind, the most frequent first: {@code "12 x 503 no leader reachable"}. */
  List<String> lines() {
    List<Map.Entry<String, Long>> entries = new ArrayList<>();
    counts.forEach((kind, count) -> entries.add(Map.entry(kind, count.sum())));
    entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
    return entries.stream().map(e -> e.getValue() + " x " + e.getKey()).toList();
  }
}
