package io.akkaraft.bench;

import io.akkaraft.ClientProtocol.Status;
import io.akkaraft.RaftSettings;
import io.akkaraft.core.ReplicationLimits;
import io.akkaraft.demo.LocalGroup;
import io.akkaraft.serialization.Payloads;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code akka-raft bench}: commit throughput and latency of a three-member group in one JVM, each member on
 * its own LevelDB journal with fsync on. Every submitter is a closed loop (submit, wait for Committed,
 * repeat), so more submitters can only go faster if the leader batches their commands into shared journal
 * writes and AppendEntries (group commit and pipelining).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = HttpBenchCommand.class,
    description = {"Measures committed commands/s and p50/p99 commit latency of a 3-member group in this JVM "
        + "(LevelDB journal per member, fsync on) for each number of concurrent submitters of commands of "
        + "--value-bytes bytes."})
public final class BenchCommand implements Callable<Integer> {
  private static final List<String> MEMBERS = List.of("n1", "n2", "n3");

  @Spec CommandSpec spec;

  @Option(names = "--duration", paramLabel = "TIME", defaultValue = "10s", converter = DurationConverter.class,
      description = "Measurement time per load level (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--warmup", paramLabel = "TIME", defaultValue = "3s", converter = DurationConverter.class,
      description = "Unmeasured time before each load level (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--submitters", paramLabel = "N", split = ",", defaultValue = "1,64",
      description = "Concurrent submitters, one load level each (default: ${DEFAULT-VALUE}).")
  List<Integer> submitters;

  @Option(names = "--value-bytes", paramLabel = "BYTES", defaultValue = "100",
      description = "Bytes of data in every command, e.g. 4096 or 1048576 (default: ${DEFAULT-VALUE}).")
  int valueBytes;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Where the journals go (default: a temporary folder, deleted afterwards).")
  Path dataDir;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    validate();
    boolean temporary = dataDir == null;
    Path dir = temporary ? Files.createTempDirectory("akka-raft-bench") : dataDir;
    try (LocalGroup group = LocalGroup.start("bench", MEMBERS, dir, Blobs::new)) {
      printSettings(group, dir);
      int serialized = commandSize(group);
      int limit = group.settings(MEMBERS.get(0)).maxCommandBytes();
      if (serialized > limit) {
        throw new ParameterException(spec.commandLine(), "--value-bytes " + valueBytes + " makes commands of "
            + serialized + " bytes, more than akka-raft.max-command-bytes = " + limit);
      }
      Status leader = group.awaitLeader(Duration.ofSeconds(15), s -> true);
      out.printf("Leader: %s in term %d%n%n", leader.id(), leader.term());
      LoadRun load = new LoadRun(group, group.member(leader.id()), valueBytes);
      List<LoadRun.Result> results = new ArrayList<>();
      for (int n : submitters) {
        out.printf("Running %d submitter(s): %ds warm-up, %ds measured ...%n", n, warmup.toSeconds(), duration.toSeconds());
        results.add(load.run(n, warmup, duration));
      }
      printResults(results);
    } finally {
      if (temporary) deleteRecursively(dir);
    }
    return 0;
  }

  private void validate() {
    if (submitters.isEmpty() || submitters.stream().anyMatch(n -> n < 1)) {
      throw new ParameterException(spec.commandLine(), "--submitters must be positive numbers, e.g. 1,64");
    }
    if (valueBytes < 0) throw new ParameterException(spec.commandLine(), "--value-bytes must not be negative");
    if (duration.isZero() || duration.isNegative()) {
      throw new ParameterException(spec.commandLine(), "--duration must be positive");
    }
  }

  private void printSettings(LocalGroup group, Path dir) {
    RaftSettings s = group.settings(MEMBERS.get(0));
    ReplicationLimits limits = s.limits();
    out.println("akka-raft bench");
    out.printf("  group:       %d members (%s) in one JVM, %d processors%n",
        MEMBERS.size(), String.join(", ", MEMBERS), Runtime.getRuntime().availableProcessors());
    out.printf("  journal:     LevelDB (native JNI), fsync on, one per member, under %s%n", dir.toAbsolutePath());
    out.printf("  command:     %d bytes of data (%d bytes in the log entry, Akka's byte-array serializer)%n", valueBytes,
        commandSize(group));
    out.printf("  limits:      max-entries-per-append = %d, max-bytes-per-append = %d, max-inflight-appends = %d%n",
        limits.maxEntriesPerAppend(), limits.maxBytesPerAppend(), limits.maxInflightAppends());
    out.printf("  timers:      heartbeat %d ms, election timeout %d-%d ms%n", s.heartbeatInterval().toMillis(),
        s.electionTimeoutMin().toMillis(), s.electionTimeoutMax().toMillis());
    out.printf("  submitters:  closed loops (submit, await Committed, repeat): %s%n", submitters);
    out.printf("  java:        %s %s%n%n", System.getProperty("java.vm.name"), System.getProperty("java.version"));
  }

  private void printResults(List<LoadRun.Result> results) {
    out.printf("%n%10s %12s %9s %9s %9s %9s %13s%n", "submitters", "commands/s", "MB/s", "p50 ms", "p99 ms",
        "failures", "cpu us/cmd");
    for (LoadRun.Result r : results) {
      out.printf("%10d %12.0f %9.1f %9.2f %9.2f %9d %13.1f%n", r.submitters(), r.commitsPerSecond(),
          r.commitsPerSecond() * valueBytes / 1e6, r.percentileMillis(50), r.percentileMillis(99), r.failures(),
          r.cpuMicrosPerCommit());
    }
    out.println("MB/s: committed bytes of command data per second (10^6 bytes), each replicated to every member.");
    LoadRun.Result base = results.get(0);
    for (LoadRun.Result r : results.subList(1, results.size())) {
      out.printf("%nThroughput with %d vs %d submitter(s): %.1fx%n", r.submitters(), base.submitters(),
          r.commitsPerSecond() / base.commitsPerSecond());
    }
    if (results.stream().anyMatch(r -> r.failures() > 0)) {
      out.println("Some submits failed (leader change or timeout): the figures include that disruption.");
    }
  }

  /** Bytes of one command in the log, as the leader measures it against max-command-bytes. */
  private int commandSize(LocalGroup group) {
    return Payloads.encode(group.system().classicSystem(), new byte[valueBytes]).sizeBytes();
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
