package io.akkaraft.multijvm;

import io.akkaraft.linearizability.History;
import io.akkaraft.linearizability.Invocation;
import io.akkaraft.linearizability.OpKind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Concurrent key-value clients that record every operation in a {@link History} for the linearizability
 * checker. Each client is a thread with its own HTTP connection pool doing random reads, writes,
 * compare-and-sets and deletes on a few keys, with values unique in the run, against a node picked at random
 * for every request (any node accepts any request). It maps HTTP answers to outcomes:
 *
 * <ul>
 *   <li>200: done (a read returns the body); GET 404: the key is absent; DELETE 404 or CAS 412: rejected;
 *   <li>503, or no connection made: not applied (a failed read is dropped the same way);
 *   <li>504, a timeout, a reset connection: unknown; the client goes on under a fresh process id (as in
 *       Jepsen), since its unknown operation may still take effect concurrently with its later ones.
 * </ul>
 */
final class RecordingClients implements AutoCloseable {
  /** Somewhat above the nodes' request timeout, so that a node's own 503/504 arrives before the client gives up. */
  static final Duration CLIENT_TIMEOUT = ProcessCluster.REQUEST_TIMEOUT.plusSeconds(2);

  /** One request, as this client saw it: for assertions about particular nodes and for failure reports. */
  record Attempt(long opId, int process, String node, Invocation invocation, long invokedNanos, long completedNanos,
      String outcome) {
    boolean succeeded() {
      return outcome.startsWith("200") || outcome.startsWith("404") || outcome.startsWith("412");
    }
  }

  private final ProcessCluster cluster;
  private final History history;
  private final List<String> keys;
  private final long seed;
  private final Supplier<List<String>> targets;
  private final AtomicInteger processIds;
  private final AtomicInteger nextValue = new AtomicInteger();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();
  private final List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
  private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());

  private RecordingClients(ProcessCluster cluster, History history, int clients, List<String> keys, long seed,
      Supplier<List<String>> targets, AtomicInteger processIds) {
    this.cluster = cluster;
    this.history = history;
    this.keys = List.copyOf(keys);
    this.seed = seed;
    this.targets = targets;
    this.processIds = processIds;
    for (int i = 0; i < clients; i++) {
      int process = processIds.getAndIncrement();
      Thread thread = new Thread(() -> run(process), "kv-client-" + process);
      thread.setDaemon(true);
      threads.add(thread);
    }
  }

  /**
   * Starts {@code clients} clients on {@code keys}.
   *
   * @param targets the nodes a request may go to, asked before each request
   * @param processIds where every client takes its process ids from, the first one and each fresh one after
   *     an unknown outcome; several groups of clients recording into one history share it
   */
  static RecordingClients start(ProcessCluster cluster, History history, int clients, List<String> keys, long seed,
      Supplier<List<String>> targets, AtomicInteger processIds) {
    RecordingClients recording = new RecordingClients(cluster, history, clients, keys, seed, targets, processIds);
    recording.threads.forEach(Thread::start);
    return recording;
  }

  /** Stops the clients and waits until each has its last answer (at most {@link #CLIENT_TIMEOUT}). */
  @Override
  public void close() {
    running.set(false);
    for (Thread thread : threads) {
      try {
        thread.join(CLIENT_TIMEOUT.plusSeconds(5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  List<Attempt> attempts() {
    synchronized (attempts) {
      return List.copyOf(attempts);
    }
  }

  /** Answers no correct node gives (400, 500, ...); the tests require none. */
  List<String> unexpected() {
    synchronized (unexpected) {
      return List.copyOf(unexpected);
    }
  }

  long succeeded() {
    return attempts().stream().filter(Attempt::succeeded).count();
  }

  private void run(int firstProcess) {
    int client = firstProcess;
    Random random = new Random(seed * 1_000_003L + client);
    HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();
    Map<String, String> lastSeen = new HashMap<>(); // per key: a value this client saw, so that some CAS succeed
    int process = firstProcess;
    while (running.get()) {
      List<String> nodes = targets.get();
      if (nodes.isEmpty()) {
        pace(random, 50);
        continue;
      }
      String node = nodes.get(random.nextInt(nodes.size()));
      String key = keys.get(random.nextInt(keys.size()));
      Invocation op = nextOp(random, client, key, lastSeen.get(key));
      boolean definite = perform(http, process, node, op, lastSeen);
      if (!definite) process = processIds.getAndIncrement();
      pace(random, definite ? 20 : 100);
    }
  }

  private Invocation nextOp(Random random, int client, String key, String seen) {
    int dice = random.nextInt(100);
    String value = "c" + client + "-" + nextValue.incrementAndGet();
    if (dice < 40) return Invocation.read(key);
    if (dice < 70) return Invocation.write(key, value);
    // CAS on a value this client saw succeeds unless someone wrote since; on a made-up one it is rejected
    String expected = seen != null ? seen : "c" + random.nextInt(10) + "-" + random.nextInt(50);
    if (dice < 90) return Invocation.cas(key, expected, value);
    return Invocation.delete(key);
  }

  /** Sends {@code op} to {@code node} and records the outcome; false if it is unknown. */
  private boolean perform(HttpClient http, int process, String node, Invocation op, Map<String, String> lastSeen) {
    HttpRequest request = request(cluster.endpoint(node), op);
    long id = history.invoke(process, op);
    long invoked = System.nanoTime();
    String outcome;
    boolean definite = true;
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      int status = response.statusCode();
      outcome = status + (status == 200 ? "" : " " + response.body());
      definite = record(id, op, status, response.body(), lastSeen);
    } catch (HttpConnectTimeoutException | ConnectException e) {
      // no connection, so no request: nothing can have happened
      history.notApplied(id);
      outcome = "not connected";
    } catch (IOException e) {
      // a timeout or a connection lost after the request may have left: the node may still act on it
      recordUnknown(id, op);
      definite = false;
      outcome = e.getClass().getSimpleName();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      recordUnknown(id, op);
      running.set(false);
      return false;
    }
    attempts.add(new Attempt(id, process, node, op, invoked, System.nanoTime(), outcome));
    return definite;
  }

  private boolean record(long id, Invocation op, int status, String body, Map<String, String> lastSeen) {
    switch (op.kind()) {
      case READ -> {
        if (status == 200) {
          history.read(id, body);
          lastSeen.put(op.key(), body);
        } else if (status == 404) {
          history.read(id, null);
          lastSeen.remove(op.key());
        } else if (status == 503 || status == 504) {
          history.notApplied(id); // a read that failed observed nothing and changed nothing
        } else {
          return unexpected(id, op, status, body);
        }
        return true;
      }
      case WRITE, CAS, DELETE -> {
        if (status == 200) {
          history.ok(id);
          if (op.value() != null) lastSeen.put(op.key(), op.value());
          else lastSeen.remove(op.key());
          return true;
        }
        if ((status == 412 && op.kind() == OpKind.CAS)
            || (status == 404 && op.kind() == OpKind.DELETE)) {
          history.rejected(id);
          return true;
        }
        if (status == 503) {
          history.notApplied(id);
          return true;
        }
        if (status == 504) {
          history.unknown(id);
          return false;
        }
        return unexpected(id, op, status, body);
      }
    }
    throw new IllegalStateException("unreachable");
  }

  private void recordUnknown(long id, Invocation op) {
    if (op.kind() == OpKind.READ) history.notApplied(id); // reads change nothing
    else history.unknown(id);
  }

  private boolean unexpected(long id, Invocation op, int status, String body) {
    unexpected.add(op + " -> " + status + " " + body);
    recordUnknown(id, op);
    return false;
  }

  private static HttpRequest request(URI node, Invocation op) {
    String path = "/kv/" + URLEncoder.encode(op.key(), StandardCharsets.UTF_8);
    HttpRequest.Builder builder = HttpRequest.newBuilder().timeout(CLIENT_TIMEOUT);
    return switch (op.kind()) {
      case READ -> builder.uri(node.resolve(path)).GET().build();
      case WRITE -> builder.uri(node.resolve(path))
          .PUT(HttpRequest.BodyPublishers.ofString(op.value(), StandardCharsets.UTF_8)).build();
      case CAS -> builder.uri(node.resolve(path + "?prevValue=" + URLEncoder.encode(op.expected(), StandardCharsets.UTF_8)))
          .PUT(HttpRequest.BodyPublishers.ofString(op.value(), StandardCharsets.UTF_8)).build();
      case DELETE -> builder.uri(node.resolve(path)).DELETE().build();
    };
  }

  /** A little think time between requests, so that histories stay small enough to check. */
  private void pace(Random random, int maxMillis) {
    try {
      Thread.sleep(random.nextInt(maxMillis) + 1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.set(false);
    }
  }
}
