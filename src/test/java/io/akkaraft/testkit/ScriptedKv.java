package io.akkaraft.testkit;

import io.akkaraft.ClientProtocol.Consistency;
import io.akkaraft.kv.KvApi;
import io.akkaraft.kv.KvLimits;
import io.akkaraft.kv.KvOutcome;
import io.akkaraft.kv.KvProtocol;
import io.akkaraft.kv.KvStateMachine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A KvApi over a local {@link KvStateMachine} that records every call and can be told to answer an outage
 * (503, 504) instead: a node behind the real HTTP routes, without a cluster. Like the real KvService, it
 * refuses invalid keys before anything else.
 */
public final class ScriptedKv implements KvApi {
  private final KvLimits limits;
  private KvStateMachine machine;
  private long index;
  private final Deque<CompletionStage<KvOutcome>> scripted = new ArrayDeque<>();
  private final List<String> calls = new ArrayList<>();

  public ScriptedKv(KvLimits limits) {
    this.limits = limits;
    reset();
  }

  public synchronized void reset() {
    machine = new KvStateMachine(limits);
    index = 0;
    scripted.clear();
    calls.clear();
  }

  /** The next call answers {@code outcome} without touching the map. */
  public synchronized void answerNext(KvOutcome outcome) {
    scripted.add(CompletableFuture.completedFuture(outcome));
  }

  /** The next call fails with {@code failure}, wrapped as a failed dependent stage wraps it. */
  public synchronized void failNext(RuntimeException failure) {
    scripted.add(CompletableFuture.completedFuture((KvOutcome) null).thenApply(none -> {
      throw failure;
    }));
  }

  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  @Override
  public KvLimits limits() {
    return limits;
  }

  private synchronized CompletionStage<KvOutcome> write(String call, KvProtocol.KvCommand command) {
    calls.add(call);
    if (!scripted.isEmpty()) return scripted.poll();
    String problem = limits.keyProblem(command.key());
    if (problem != null) return CompletableFuture.completedFuture(new KvOutcome.Invalid(problem, false));
    return CompletableFuture.completedFuture(new KvOutcome.Done(++index, machine.apply(index, command)));
  }

  @Override
  public CompletionStage<KvOutcome> put(String key, byte[] value) {
    return write("put " + key, new KvProtocol.Put(key, value));
  }

  @Override
  public CompletionStage<KvOutcome> compareAndSet(String key, byte[] expected, byte[] value) {
    return write("cas " + key, new KvProtocol.CompareAndSet(key, expected, value));
  }

  @Override
  public CompletionStage<KvOutcome> delete(String key) {
    return write("delete " + key, new KvProtocol.Delete(key));
  }

  @Override
  public synchronized CompletionStage<KvOutcome> get(String key, Consistency consistency) {
    calls.add("get " + key + " " + consistency);
    if (!scripted.isEmpty()) return scripted.poll();
    String problem = limits.keyProblem(key);
    if (problem != null) return CompletableFuture.completedFuture(new KvOutcome.Invalid(problem, false));
    return CompletableFuture.completedFuture(
        new KvOutcome.Done(index, (KvProtocol.KvResult) machine.query(new KvProtocol.Get(key))));
  }
}
