package io.akkaraft.kv;

import io.akkaraft.StateMachine;
import io.akkaraft.kv.KvProtocol.CompareAndSet;
import io.akkaraft.kv.KvProtocol.Delete;
import io.akkaraft.kv.KvProtocol.KvCommand;
import io.akkaraft.kv.KvProtocol.KvResult;
import io.akkaraft.kv.KvProtocol.Put;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The replicated key-value map. Deterministic: the result of every command depends only on the commands
 * before it. Invalid commands are refused the same way on every member, never half-applied.
 */
public final class KvStateMachine implements StateMachine<KvCommand, KvResult> {
  /**
   * A write's whole result: what the HTTP API answers (done; the key existed; the compare matched) and no
   * value, since sessions keep every unacknowledged result for retries and nothing reads a previous value.
   */
  private static final KvResult WRITTEN = KvResult.of(true, null);
  private static final KvResult NOT_WRITTEN = KvResult.of(false, null);

  private final Map<String, byte[]> data = new HashMap<>();
  private final KvLimits limits;

  public KvStateMachine(KvLimits limits) {
    this.limits = limits;
  }

  @Override
  public KvResult apply(long index, KvCommand command) {
    String problem = limits.keyProblem(command.key());
    if (problem != null) return KvResult.invalid(problem);
    if (command instanceof Put put) {
      problem = limits.valueProblem(put.value());
      if (problem != null) return KvResult.invalid(problem);
      data.put(put.key(), put.value());
      return WRITTEN;
    }
    if (command instanceof Delete delete) return data.remove(delete.key()) != null ? WRITTEN : NOT_WRITTEN;
    CompareAndSet cas = (CompareAndSet) command;
    problem = limits.valueProblem(cas.value());
    if (problem != null) return KvResult.invalid(problem);
    byte[] current = data.get(cas.key());
    if (current == null || !Arrays.equals(current, cas.expected())) return NOT_WRITTEN;
    data.put(cas.key(), cas.value());
    return WRITTEN;
  }

  /** Answers {@link KvProtocol.Get}: ok and the value if the key exists. */
  @Override
  public Object query(Object query) {
    if (!(query instanceof KvProtocol.Get get)) {
      throw new UnsupportedOperationException("unknown query " + query.getClass().getSimpleName());
    }
    byte[] value = data.get(get.key());
    return KvResult.of(value != null, value);
  }

  /** The current value of {@code key}, or null. Callers decide how fresh "current" must be. */
  public byte[] get(String key) {
    return data.get(key);
  }

  public int size() {
    return data.size();
  }
}
