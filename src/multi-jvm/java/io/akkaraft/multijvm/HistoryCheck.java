package io.akkaraft.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.akkaraft.linearizability.CheckResult;
import io.akkaraft.linearizability.History;
import io.akkaraft.linearizability.Invocation;
import io.akkaraft.linearizability.LinearizabilityChecker;
import io.akkaraft.linearizability.Operation;
import io.akkaraft.linearizability.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Runs the linearizability checker on a recorded history, and the reads that end a scenario. */
final class HistoryCheck {
  /** How long the checker may search; a history it cannot decide in time fails the test (UNKNOWN is no pass). */
  static final Duration CHECK_BUDGET = Duration.ofSeconds(60);

  private HistoryCheck() {}

  /**
   * Reads every key through each of {@code nodes} (linearizable GETs, recorded as process {@code process}),
   * retrying until a read answers: with those at the end of the history, a lost acknowledged write or a
   * diverging node cannot pass the checker.
   */
  static void finalReads(ProcessCluster cluster, History history, Collection<String> keys, Collection<String> nodes,
      int process) {
    for (String node : nodes) {
      for (String key : keys) {
        cluster.await("a linearizable read of " + key + " through " + node, Duration.ofSeconds(30), () -> {
          long id = history.invoke(process, Invocation.read(key));
          try {
            HttpResponse<String> response = cluster.send(node, "GET",
                "/kv/" + URLEncoder.encode(key, StandardCharsets.UTF_8), null, RecordingClients.CLIENT_TIMEOUT);
            if (response.statusCode() == 200) history.read(id, response.body());
            else if (response.statusCode() == 404) history.read(id, null);
            else {
              history.notApplied(id);
              return Optional.empty();
            }
            return Optional.of(true);
          } catch (IOException e) {
            history.notApplied(id);
            return Optional.empty();
          }
        });
      }
    }
  }

  /**
   * Asserts that the checker finds {@code history} linearizable, and that the clients met no answer a correct
   * node never gives. On failure the whole history is written next to the node logs.
   */
  static CheckResult assertLinearizable(String scenario, ProcessCluster cluster, History history,
      List<RecordingClients> clients) {
    List<Operation> operations = history.operations();
    Path file = save(cluster, history, clients);
    long started = System.nanoTime();
    CheckResult result = LinearizabilityChecker.check(operations, CHECK_BUDGET);
    long unknown = operations.stream().filter(op -> !op.outcomeKnown()).count();
    System.out.printf("%s: %d operations (%d unknown) checked in %d ms: %s%n", scenario, operations.size(), unknown,
        (System.nanoTime() - started) / 1_000_000, result.verdict());
    List<String> unexpected = clients.stream().flatMap(c -> c.unexpected().stream()).toList();
    if (!unexpected.isEmpty()) {
      fail(scenario + ": answers no correct node gives: " + unexpected + "; logs: " + cluster.dir());
    }
    assertEquals(Verdict.LINEARIZABLE, result.verdict(),
        scenario + ": " + result.explain() + "\nhistory: " + file + "\nlogs: " + cluster.dir());
    return result;
  }

  /**
   * Writes the history next to the node logs, {@code history.txt}: one operation a line, with the node it was
   * sent to; times in ms after the first, whose wall-clock time heads the file.
   */
  static Path save(ProcessCluster cluster, History history, List<RecordingClients> clients) {
    Map<Long, String> nodes = new HashMap<>();
    clients.forEach(group -> group.attempts().forEach(a -> nodes.put(a.opId(), a.node())));
    Path file = cluster.dir().resolve("history.txt");
    writeHistory(file, history.operations(), nodes);
    return file;
  }

  private static void writeHistory(Path file, List<Operation> operations, Map<Long, String> nodes) {
    long origin = operations.stream().mapToLong(Operation::invokedNanos).min().orElse(0);
    LocalTime wallClockOrigin = LocalTime.now().minusNanos(System.nanoTime() - origin);
    try {
      Files.writeString(file, "# time 0 = " + wallClockOrigin + " (node logs' clock)\n" + operations.stream()
          .map(op -> op.describe(origin) + " @" + nodes.getOrDefault(op.id(), "final-read"))
          .collect(Collectors.joining("\n")) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
