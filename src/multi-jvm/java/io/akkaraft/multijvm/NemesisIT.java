package io.akkaraft.multijvm;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random crashes, pauses and partitions ({@link Nemesis}) for {@code nemesis.seconds} (60) under six
 * recording clients, then every fault healed: the history must be linearizable and the cluster must
 * recover (a write succeeds). Each run prints its seed; {@code -Dnemesis.seed=S} replays one,
 * {@code -Dnemesis.seeds=N} runs N random seeds, each on a fresh cluster. The seed also decides whether the
 * nodes read by ReadIndex or by leader lease ({@code -Dnemesis.reads=READ_INDEX|LEASE} forces one).
 */
class NemesisIT {
  static final Duration LIVENESS_WITHIN = Duration.ofSeconds(60);

  static Stream<Long> seeds() {
    Long given = Long.getLong("nemesis.seed");
    if (given != null) return Stream.of(given);
    SecureRandom random = new SecureRandom();
    return LongStream.range(0, Integer.getInteger("nemesis.seeds", 1)).mapToObj(i -> random.nextLong());
  }

  /** {@code -Dnemesis.reads=READ_INDEX|LEASE}, or drawn from the seed: each run covers one, replays the same. */
  static RecordedRun.ReadMode readMode(long seed) {
    String given = System.getProperty("nemesis.reads");
    if (given != null) return RecordedRun.ReadMode.valueOf(given.toUpperCase(Locale.ROOT));
    return new Random(seed).nextBoolean() ? RecordedRun.ReadMode.LEASE : RecordedRun.ReadMode.READ_INDEX;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void mixedFaultsKeepTheHistoryLinearizable(long seed) {
    Duration duration = Duration.ofSeconds(Long.getLong("nemesis.seconds", 60));
    RecordedRun.ReadMode reads = readMode(seed);
    System.out.println("NemesisIT: seed " + seed + " for " + duration.toSeconds() + " s, reads " + reads
        + " (replay with -Dnemesis.seed=" + seed + ")");
    try (RecordedRun run = RecordedRun.start("NemesisIT-" + seed, seed, reads)) {
      run.clients(6);
      new Nemesis(run.cluster, seed).run(duration);

      // Every fault is healed: the cluster must be live again.
      NodeStatus leader = run.cluster.awaitLeader(LIVENESS_WITHIN, run.cluster.ids());
      run.cluster.await("a write to succeed after the faults", LIVENESS_WITHIN, () -> {
        try {
          HttpResponse<String> put = run.cluster.send(leader.id(), "PUT", "/kv/liveness", "after-nemesis",
              RecordingClients.CLIENT_TIMEOUT);
          return put.statusCode() == 200 ? Optional.of(true) : Optional.empty();
        } catch (IOException e) {
          return Optional.empty();
        }
      });
      run.finish();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("NemesisIT seed " + seed + " failed (replay with -Dnemesis.seed=" + seed + "): "
          + e.getMessage(), e);
    }
  }
}
