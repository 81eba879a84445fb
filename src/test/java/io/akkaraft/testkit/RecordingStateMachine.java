package io.akkaraft.testkit;

import io.akkaraft.StateMachine;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A state machine that records every command it applies, per member, so tests can compare what each member
 * applied and in which order. Returns the number of commands applied so far.
 */
public final class RecordingStateMachine implements StateMachine<String, Integer> {
  private final List<String> applied;
  private final List<Long> indices = new CopyOnWriteArrayList<>();

  public RecordingStateMachine(Map<String, List<String>> registry, String memberId) {
    this.applied = new CopyOnWriteArrayList<>();
    registry.put(memberId, applied);
  }

  /** A registry to share between the members of one test. */
  public static Map<String, List<String>> registry() {
    return new ConcurrentHashMap<>();
  }

  @Override
  public Integer apply(long index, String command) {
    if (!indices.isEmpty() && index <= indices.get(indices.size() - 1)) {
      throw new AssertionError("applied index " + index + " after " + indices.get(indices.size() - 1));
    }
    indices.add(index);
    applied.add(command);
    return applied.size();
  }

  /** Any query is answered with the number of commands applied so far. */
  @Override
  public Object query(Object query) {
    return applied.size();
  }
}
