package io.akkaraft.sim;

import io.akkaraft.core.UnsafeRule;
import java.util.EnumSet;
import java.util.Set;

/**
 * Runs the deterministic simulator from the command line (from {@code /work/main} or the project root).
 *
 * <pre>
 * # many seeds (here 100,000 starting at seed 1); reports runs, steps, faults injected and violations found
 * mvn -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.akkaraft.sim.SimulationMain \
 *     -Dexec.args="--seeds 100000"
 *
 * # one seed again, with its full transcript (who sent what, who became what, at which virtual time)
 * mvn -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.akkaraft.sim.SimulationMain \
 *     -Dexec.args="--replay 12345"
 * </pre>
 *
 * <p>Options: {@code --from S} (first seed, default 1), {@code --threads T} (default: available processors),
 * {@code --unsafe RULE[,RULE]} (switch on deliberately broken rules, see {@code UnsafeRule}, to watch the
 * checker catch them). The exit status is 1 when a violation was found.
 */
public final class SimulationMain {
  private SimulationMain() {}

  public static void main(String[] args) {
    long seeds = 0;
    long from = 1;
    Long replay = null;
    int threads = Runtime.getRuntime().availableProcessors();
    Set<UnsafeRule> unsafe = EnumSet.noneOf(UnsafeRule.class);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seeds" -> seeds = Long.parseLong(args[++i]);
        case "--from" -> from = Long.parseLong(args[++i]);
        case "--replay" -> replay = Long.parseLong(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--unsafe" -> {
          for (String rule : args[++i].split(",")) unsafe.add(UnsafeRule.valueOf(rule.trim()));
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; use --seeds N [--from S] [--threads T] [--unsafe RULE] or --replay SEED [--unsafe RULE]");
      }
    }
    boolean violated =
        replay != null ? replay(replay, unsafe) : runMany(from, seeds == 0 ? 1000 : seeds, threads, unsafe);
    if (violated) System.exit(1);
  }

  private static boolean replay(long seed, Set<UnsafeRule> unsafe) {
    RandomRun.Result result = RandomRun.run(seed, unsafe, true);
    System.out.println("seed " + seed + ": " + result.members() + " members, unsafe rules " + unsafe);
    System.out.println(result.report());
    System.out.println(result.failed() ? "VIOLATION: " + result.violation() : "no violation; " + result.stats());
    return result.failed();
  }

  private static boolean runMany(long from, long count, int threads, Set<UnsafeRule> unsafe) {
    System.out.println("running seeds " + from + ".." + (from + count - 1) + " on " + threads + " threads"
        + (unsafe.isEmpty() ? "" : " with unsafe rules " + unsafe));
    SeedBatch.Outcome outcome = SeedBatch.run(from, count, unsafe, threads, System.out::println);
    Stats s = outcome.stats();
    System.out.printf("runs=%d steps=%d faults-injected=%d violations-found=%d in %.1fs%n", outcome.runs(), s.steps,
        s.faults(), outcome.failures().size(), outcome.wallMillis() / 1000.0);
    System.out.println("  " + s);
    for (RandomRun.Result failure : outcome.failures().subList(0, Math.min(20, outcome.failures().size()))) {
      System.out.println("seed " + failure.seed() + ": " + failure.violation());
      System.out.println("  replay: " + SeedBatch.replayCommand(failure.seed(), unsafe));
    }
    return !outcome.failures().isEmpty();
  }
}
