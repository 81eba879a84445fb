package io.akkaraft.sim;

import io.akkaraft.StateMachine;
import java.util.HashMap;
import java.util.Map;

/**
 * One incarnation's state machine: remembers what it applied at each index, answers each command with the
 * command itself, and each query with the index of the last command applied.
 */
final class SimStateMachine implements StateMachine<String, String> {
  interface Listener {
    void applied(long index, String command);
  }

  private final Listener listener;
  private final Map<Long, String> applied = new HashMap<>();
  private long lastApplied;

  SimStateMachine(Listener listener) {
    this.listener = listener;
  }

  @Override
  public String apply(long index, String command) {
    applied.put(index, command);
    lastApplied = index;
    listener.applied(index, command);
    return command;
  }

  /** Any query is answered with the index of the last command applied. */
  @Override
  public Object query(Object query) {
    return lastApplied;
  }

  /** The command applied at {@code index}, or null. */
  String at(long index) {
    return applied.get(index);
  }

  boolean hasApplied(String command) {
    return applied.containsValue(command);
  }

  long lastApplied() {
    return lastApplied;
  }
}
