package io.akkaraft.sim;

import io.akkaraft.core.UnsafeRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** Runs many seeds, each single-threaded and deterministic, spread over a few threads. */
final class SeedBatch {

  record Outcome(long runs, Stats stats, List<RandomRun.Result> failures, long wallMillis) {}

  private SeedBatch() {}

  static Outcome run(long firstSeed, long count, Set<UnsafeRule> unsafe, int threads, Consumer<String> progress) {
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Stats total = new Stats();
    List<RandomRun.Result> failures = new ArrayList<>();
    long done = 0;
    try {
      int window = threads * 64;
      List<Future<RandomRun.Result>> pending = new ArrayList<>();
      for (long seed = firstSeed; seed < firstSeed + count || !pending.isEmpty(); ) {
        while (pending.size() < window && seed < firstSeed + count) {
          long s = seed++;
          pending.add(pool.submit(() -> RandomRun.run(s, unsafe, false)));
        }
        RandomRun.Result result = pending.remove(0).get();
        total.add(result.stats());
        if (result.failed()) failures.add(result);
        if (++done % 10_000 == 0) progress.accept(done + " runs, " + failures.size() + " violations, " + total);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the simulator itself failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    failures.sort(Comparator.comparingLong(RandomRun.Result::seed));
    return new Outcome(done, total, failures, (System.nanoTime() - started) / 1_000_000);
  }

  /** The exact command that replays {@code seed} with its transcript. */
  static String replayCommand(long seed, Set<UnsafeRule> unsafe) {
    String rules = unsafe.isEmpty() ? ""
        : " --unsafe " + String.join(",", unsafe.stream().map(Enum::name).sorted().toList());
    return "mvn -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.akkaraft.sim.SimulationMain"
        + " -Dexec.args=\"--replay " + seed + rules + "\"";
  }
}
