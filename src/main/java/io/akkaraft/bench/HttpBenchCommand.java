package io.akkaraft.bench;

import io.akkaraft.bench.HttpLoad.Requests;
import io.akkaraft.bench.HttpLoad.Run;
import io.akkaraft.bench.LeaderLookup.Leader;
import io.akkaraft.demo.LocalNodes;
import io.akkaraft.demo.LocalNodes.Cleanup;
import io.akkaraft.demo.LocalNodes.Death;
import io.akkaraft.demo.LocalNodes.Node;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code akka-raft bench http}: throughput and latency of the key-value HTTP API of a 3-node cluster, each
 * node its own process, under closed-loop clients. Without {@code --endpoints} it starts the nodes itself,
 * as {@code demo} does, and stops them at the end.
 */
@Command(name = "http", mixinStandardHelpOptions = true,
    description = {"Measures requests/s and p50/p99 latency of the key-value HTTP API of a 3-node cluster "
        + "(each node a process with its LevelDB journal, fsync on) for each number of concurrent closed-loop "
        + "clients. Without --endpoints, starts 3 local node processes in a temporary directory and stops them "
        + "at the end. Keys are preloaded first; each request is a PUT or a linearizable GET of a random one."})
public final class HttpBenchCommand implements Callable<Integer> {
  static final String KEY_PREFIX = "bench-";
  private static final Duration LOCAL_LEADER_WITHIN = Duration.ofSeconds(60);
  private static final Duration EXISTING_LEADER_WITHIN = Duration.ofSeconds(15);
  private static final Duration STOP_WITHIN = HttpLoad.REQUEST_TIMEOUT.plusSeconds(5);
  private static final int PRELOAD_CLIENTS = 64;

  @Spec CommandSpec spec;

  @Option(names = "--endpoints", paramLabel = "URL", split = ",", converter = EndpointConverter.class,
      description = "HTTP addresses of an existing cluster's nodes, comma-separated (default: start a local "
          + "3-node cluster for the run).")
  List<URI> endpoints;

  @Option(names = "--clients", paramLabel = "N", split = ",", defaultValue = "1,16,64",
      description = "Concurrent closed-loop clients, one load level each (default: ${DEFAULT-VALUE}).")
  List<Integer> clients;

  @Option(names = "--value-bytes", paramLabel = "BYTES", defaultValue = "100",
      description = "Size of every value written (default: ${DEFAULT-VALUE}).")
  int valueBytes;

  @Option(names = "--keys", paramLabel = "N", defaultValue = "10000",
      description = "Distinct keys, written once before measuring; requests pick one at random "
          + "(default: ${DEFAULT-VALUE}).")
  int keys;

  @Option(names = "--read-ratio", paramLabel = "R", defaultValue = "0",
      description = "Share of requests that are linearizable GETs, from 0 to 1; the rest are PUTs "
          + "(default: ${DEFAULT-VALUE}).")
  double readRatio;

  @Option(names = "--duration", paramLabel = "TIME", defaultValue = "10s", converter = DurationConverter.class,
      description = "Measurement time per load level (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--warmup", paramLabel = "TIME", defaultValue = "3s", converter = DurationConverter.class,
      description = "Unmeasured time before each load level (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--leader-only",
      description = "Send every request to the leader (default: client i to node i mod 3).")
  boolean leaderOnly;

  private PrintWriter out;
  private byte[] value;

  @Override
  public Integer call() throws Exception {
    validate();
    out = spec.commandLine().getOut();
    value = new byte[valueBytes];
    new Random(valueBytes).nextBytes(value);
    printSettings();
    if (endpoints != null) {
      try (HttpLoad load = new HttpLoad()) {
        return bench(load, endpoints, EXISTING_LEADER_WITHIN, Optional::empty);
      }
    }
    out.println("Starting 3 node processes ...");
    // started as `demo` starts them (same configuration: LevelDB with fsync on), but on free ports
    Path base = Files.createTempDirectory("akka-raft-bench-http");
    try (LocalNodes cluster = LocalNodes.in(base).freePorts(3).deleteOnClose(Cleanup.BASE_DIR)
            .onShutdown(() -> System.err.println("stopping the nodes and deleting " + base), () -> {}).build();
        HttpLoad load = new HttpLoad()) {
      start(cluster);
      out.printf("  data and logs in %s (deleted afterwards)%n", base);
      return bench(load, cluster.endpoints(), LOCAL_LEADER_WITHIN, () -> cluster.death().map(HttpBenchCommand::report));
    }
  }

  /** Starts the nodes; they still have to form a cluster and elect a leader. */
  private void start(LocalNodes cluster) throws BenchFailure {
    for (Node node : cluster.nodes()) {
      try {
        Process process = cluster.start(node);
        out.printf("  started %s (pid %d): HTTP %s, Raft port %d%n", node.id(), process.pid(), node.endpoint(),
            node.raftPort());
      } catch (IOException e) {
        throw new BenchFailure(e.getMessage());
      }
    }
  }

  /** Why the cluster is broken: the node's exit code and the last line of its log. */
  private static String report(Death death) {
    return death.describe("exited")
        + (death.lastLogLine().isEmpty() ? "" : " (last line of its log: " + death.lastLogLine() + ")");
  }

  private void validate() {
    if (clients.isEmpty() || clients.stream().anyMatch(n -> n == null || n < 1)) {
      throw new ParameterException(spec.commandLine(), "--clients must be positive numbers, e.g. 1,16,64");
    }
    if (!(readRatio >= 0.0 && readRatio <= 1.0)) {
      throw new ParameterException(spec.commandLine(), "--read-ratio must be between 0.0 and 1.0");
    }
    if (valueBytes < 0) throw new ParameterException(spec.commandLine(), "--value-bytes must not be negative");
    if (keys < 1) throw new ParameterException(spec.commandLine(), "--keys must be at least 1");
    if (duration.isZero()) throw new ParameterException(spec.commandLine(), "--duration must be positive");
    if (endpoints != null && endpoints.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--endpoints must name at least one node");
    }
  }

  private int bench(HttpLoad load, List<URI> nodes, Duration leaderWithin, Supplier<Optional<String>> death)
      throws Exception {
    LeaderLookup lookup = new LeaderLookup(load.http(), nodes);
    Leader leader = lookup.await(leaderWithin, death);
    out.printf("Leader: %s (term %d) at %s%n", leader.id(), leader.term(), leader.endpoint());
    List<URI> targets = leaderOnly ? List.of(leader.endpoint()) : nodes;
    preload(load, targets, death);
    List<HttpResult> results = new ArrayList<>();
    List<String> otherErrors = new ArrayList<>();
    for (int n : clients) {
      out.printf("Running %d client(s): %s warm-up, %s measured ...%n", n, text(warmup), text(duration));
      results.add(level(load, n, targets, otherErrors));
      Optional<String> died = death.get();
      if (died.isPresent()) {
        printResults(results, otherErrors);
        throw new BenchFailure(died.get());
      }
    }
    printResults(results, otherErrors);
    Optional<Leader> after = lookup.agreedLeader();
    if (after.isEmpty() || !after.get().id().equals(leader.id()) || after.get().term() != leader.term()) {
      out.printf("%nNote: the leader changed during the benchmark (%s in term %d, now %s): the figures include "
          + "that disruption.%n", leader.id(), leader.term(),
          after.map(l -> l.id() + " in term " + l.term()).orElse("no agreed leader"));
    }
    return 0;
  }

  /** Writes every key once, so that reads find a value and writes overwrite one. */
  private void preload(HttpLoad load, List<URI> targets, Supplier<Optional<String>> death) throws Exception {
    AtomicInteger next = new AtomicInteger();
    Requests puts = client -> {
      int key = next.getAndIncrement();
      return key < keys ? HttpLoad.put(uri(targets.get(client % targets.size()), key), value) : null;
    };
    int loops = Math.min(PRELOAD_CLIENTS, keys);
    out.printf("Preloading %,d keys with %d clients ...%n", keys, loops);
    long start = System.nanoTime();
    Run run = load.start(loops, puts);
    while (!run.await(Duration.ofSeconds(1))) {
      Optional<String> died = death.get();
      if (died.isPresent()) {
        run.stop(STOP_WITHIN);
        throw new BenchFailure(died.get());
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    ErrorTally errors = run.swapErrors();
    if (errors.total() > 0) {
      throw new BenchFailure("preloading failed: " + errors.total() + " of " + keys + " PUTs failed ("
          + String.join("; ", errors.lines()) + ")");
    }
    out.printf("  done in %.1f s (%,.0f PUTs/s)%n", seconds, keys / seconds);
  }

  /** One load level: warm-up, then the measured window, then the clients finish their requests in flight. */
  private HttpResult level(HttpLoad load, int n, List<URI> targets, List<String> otherErrors) throws Exception {
    Run run = load.start(n, client -> request(targets.get(client % targets.size())));
    // Sleeping here only times the windows; the clients run on the load's executor.
    Thread.sleep(warmup.toMillis());
    run.latencyMicros.getIntervalHistogram(); // discard the warm-up
    ErrorTally warmupErrors = run.swapErrors();
    long start = System.nanoTime();
    Thread.sleep(duration.toMillis());
    Histogram measured = run.latencyMicros.getIntervalHistogram();
    ErrorTally errors = run.swapErrors();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!run.stop(STOP_WITHIN)) {
      throw new BenchFailure("clients got no answer within " + STOP_WITHIN.toSeconds() + "s after the measurement");
    }
    ErrorTally drainErrors = run.swapErrors();
    for (String line : warmupErrors.lines()) otherErrors.add(n + " clients, warm-up: " + line);
    for (String line : drainErrors.lines()) otherErrors.add(n + " clients, after the window: " + line);
    return new HttpResult(n, valueBytes, seconds, measured, errors);
  }

  private HttpRequest request(URI node) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    URI uri = uri(node, random.nextInt(keys));
    return readRatio > 0 && random.nextDouble() < readRatio ? HttpLoad.get(uri) : HttpLoad.put(uri, value);
  }

  private static URI uri(URI node, int key) {
    return URI.create(node + "/kv/" + KEY_PREFIX + key);
  }

  private void printSettings() {
    out.println("akka-raft bench http");
    if (endpoints == null) {
      out.println("  cluster:   3 node processes on this machine (`akka-raft node`, started as `demo` starts them)");
      out.println("  journal:   LevelDB (native JNI), fsync on, one per node");
    } else {
      out.printf("  cluster:   existing, at %s%n", endpoints.stream().map(URI::toString).collect(Collectors.joining(", ")));
      out.println("  journal:   as the nodes are configured (the jar's default: LevelDB, fsync on)");
    }
    out.printf(Locale.ROOT, "  requests:  %.0f%% GET /kv/{key} (linearizable: ReadIndex), %.0f%% PUT /kv/{key} "
        + "of %d random bytes%n", readRatio * 100, (1 - readRatio) * 100, valueBytes);
    out.printf("  keys:      %,d (%s0 .. %s%d), preloaded; each request picks one uniformly at random%n",
        keys, KEY_PREFIX, KEY_PREFIX, keys - 1);
    out.printf("  clients:   %s closed loops over java.net.http (HTTP/1.1, a connection per client), %s%n",
        clients, leaderOnly ? "all to the leader" : "client i to node i mod " + (endpoints == null ? 3 : endpoints.size()));
    out.printf("  timing:    %s warm-up, then %s measured, per client count%n", text(warmup), text(duration));
    out.printf("  this JVM:  %s %s, %d processors (shared with the nodes if they are local)%n%n",
        System.getProperty("java.vm.name"), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
  }

  private void printResults(List<HttpResult> results, List<String> otherErrors) {
    out.printf("%n%s%n", HttpResult.HEADER);
    for (HttpResult r : results) out.println(r.row());
    boolean any = false;
    for (HttpResult r : results) {
      for (String line : r.errors().lines()) {
        if (!any) out.printf("%nFailed requests (non-2xx answers or no answer):%n");
        any = true;
        out.printf("  %d clients: %s%n", r.clients(), line);
      }
    }
    if (!otherErrors.isEmpty()) {
      out.printf("%nFailed requests outside the measured windows:%n");
      otherErrors.forEach(line -> out.println("  " + line));
    }
    if (!any && otherErrors.isEmpty()) out.printf("%nNo request failed.%n");
  }

  /** {@code 10s} or {@code 500ms}. */
  static String text(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  /** Accepts {@code http://host:port} with nothing after it but an optional slash. */
  static final class EndpointConverter implements ITypeConverter<URI> {
    @Override
    public URI convert(String text) {
      String trimmed = text.trim().replaceFirst("/$", "");
      try {
        URI uri = new URI(trimmed);
        if ("http".equals(uri.getScheme()) && uri.getHost() != null && uri.getRawPath().isEmpty()
            && uri.getRawQuery() == null && uri.getRawFragment() == null) {
          return uri;
        }
      } catch (URISyntaxException e) {
        // reported below, like any other malformed endpoint
      }
      throw new TypeConversionException("'" + text + "' is not an endpoint such as http://127.0.0.1:18081");
    }
  }
}
