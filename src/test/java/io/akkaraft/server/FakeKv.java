package io.akkaraft.server;

import io.akkaraft.ClientProtocol.Consistency;
import io.akkaraft.kv.KvApi;
import io.akkaraft.kv.KvLimits;
import io.akkaraft.kv.KvOutcome;
import io.akkaraft.kv.KvProtocol;
import io.akkaraft.kv.KvStateMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A KvApi over a local {@link KvStateMachine}, whose next answer can be forced to an outage: for route
 * tests that need every status code, 503 and 504 included.
 */
final class FakeKv implements KvApi {
  private final KvStateMachine machine;
  private final KvLimits limits;
  private long index;
  /** When set, the next call answers this instead. */
  volatile KvOutcome forced;
  final List<String> calls = new ArrayList<>();

  FakeKv(KvLimits limits) {
    this.limits = limits;
    this.machine = new KvStateMachine(limits);
  }

  @Override
  public KvLimits limits() {
    return limits;
  }

  private synchronized CompletionStage<KvOutcome> run(String call, KvProtocol.KvCommand command) {
    calls.add(call);
    KvOutcome outcome = forced;
    if (outcome != null) {
      forced = null;
      return CompletableFuture.completedFuture(outcome);
    }
    String problem = limits.keyProblem(command.key());
    if (problem != null) return CompletableFuture.completedFuture(new KvOutcome.Invalid(problem, false));
    return CompletableFuture.completedFuture(new KvOutcome.Done(++index, machine.apply(index, command)));
  }

  @Override
  public CompletionStage<KvOutcome> put(String key, byte[] value) {
    return run("put " + key, new KvProtocol.Put(key, value));
  }

  @Override
  public CompletionStage<KvOutcome> compareAndSet(String key, byte[] expected, byte[] value) {
    return run("cas " + key, new KvProtocol.CompareAndSet(key, expected, value));
  }

  @Override
  public CompletionStage<KvOutcome> delete(String key) {
    return run("delete " + key, new KvProtocol.Delete(key));
  }

  @Override
  public synchronized CompletionStage<KvOutcome> get(String key, Consistency consistency) {
    calls.add("get " + key + " " + consistency);
    KvOutcome outcome = forced;
    if (outcome != null) {
      forced = null;
      return CompletableFuture.completedFuture(outcome);
    }
    String problem = limits.keyProblem(key);
    if (problem != null) return CompletableFuture.completedFuture(new KvOutcome.Invalid(problem, false));
    return CompletableFuture.completedFuture(
        new KvOutcome.Done(index, (KvProtocol.KvResult) machine.query(new KvProtocol.Get(key))));
  }
}
