package io.akkaraft.multijvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Random faults against a {@link ProcessCluster}, one at a time, all drawn from one seed: kill -9 and restart,
 * SIGSTOP and SIGCONT, a node cut off both ways, a one-way cut between two nodes. A fault targets either the
 * current leader or a node picked at random. Each fault lasts a random while and is then healed, and the
 * next one waits until every node is back and agrees on a leader, so a majority is never lost for long and a
 * restarted node always finds a running cluster to join. The schedule (kinds, targets' roles, durations)
 * replays from the seed; which node is leader at a given moment depends on timing.
 */
final class Nemesis {
  enum Kind { KILL, PAUSE, ISOLATE, ONE_WAY_FROM, ONE_WAY_TO }

  private final ProcessCluster cluster;
  private final Random random;
  private final Path log;
  private final List<String> events = new ArrayList<>();

  Nemesis(ProcessCluster cluster, long seed) {
    this.cluster = cluster;
    this.random = new Random(seed);
    this.log = cluster.dir().resolve("nemesis.txt");
  }

  /** Injects faults until {@code duration} has passed, and leaves the cluster healed. */
  List<String> run(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
      boolean atLeader = random.nextBoolean();
      int pick = random.nextInt(cluster.ids().size());
      Duration hold = Duration.ofMillis(500 + random.nextInt(3500));
      Duration calm = Duration.ofMillis(random.nextInt(2000));
      String target = atLeader ? currentLeader().orElse(cluster.ids().get(pick)) : cluster.ids().get(pick);
      String other = otherThan(target, random.nextInt(cluster.ids().size() - 1));
      inject(kind, target, other, hold);
      // The cluster must be whole again before the next fault: one fault at a time.
      cluster.awaitLeader(Duration.ofSeconds(60), cluster.ids());
      note("cluster whole again");
      ProcessCluster.idle(calm);
    }
    return List.copyOf(events);
  }

  private void inject(Kind kind, String target, String other, Duration hold) {
    switch (kind) {
      case KILL -> {
        note("kill -9 " + target + " for " + hold.toMillis() + " ms");
        cluster.kill(target);
        ProcessCluster.idle(hold);
        cluster.restart(target);
        note("restarted " + target);
      }
      case PAUSE -> {
        note("SIGSTOP " + target + " for " + hold.toMillis() + " ms");
        cluster.pause(target);
        ProcessCluster.idle(hold);
        cluster.resume(target);
        note("SIGCONT " + target);
      }
      case ISOLATE -> {
        List<String> rest = cluster.ids().stream().filter(id -> !id.equals(target)).toList();
        note("isolate " + target + " from " + rest + " for " + hold.toMillis() + " ms");
        cluster.isolate(target, rest, "both");
        ProcessCluster.idle(hold);
        cluster.heal(target);
        note("healed " + target);
      }
      case ONE_WAY_FROM, ONE_WAY_TO -> {
        String from = kind == Kind.ONE_WAY_FROM ? target : other;
        String to = kind == Kind.ONE_WAY_FROM ? other : target;
        note("cut " + from + " -> " + to + " for " + hold.toMillis() + " ms");
        cluster.cut(from, to);
        ProcessCluster.idle(hold);
        cluster.heal(from);
        cluster.heal(to);
        note("healed " + from + " -> " + to);
      }
    }
  }

  private Optional<String> currentLeader() {
    return cluster.statuses().values().stream().filter(NodeStatus::isLeader).map(NodeStatus::id).findFirst();
  }

  private String otherThan(String id, int index) {
    return cluster.ids().stream().filter(other -> !other.equals(id)).toList().get(index);
  }

  private void note(String event) {
    String line = LocalTime.now() + " " + event;
    events.add(line);
    System.out.println("nemesis " + line);
    try {
      Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
