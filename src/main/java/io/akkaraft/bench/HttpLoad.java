package io.akkaraft.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Recorder;

/**
 * Closed-loop HTTP clients: each is a thread that sends one request, waits for the answer, records it and
 * sends the next, so there are never more requests in flight than clients, and the JDK client's pool never
 * opens more connections than that. Blocking {@code send} rather than {@code sendAsync}: the JDK 17 client
 * completes every {@code sendAsync} future through {@code CompletableFuture}'s default executor, which on a
 * 2-core machine (common pool parallelism 1) starts a new thread per response. The client's own tasks run
 * on a small executor given to it explicitly, for the same reason.
 */
final class HttpLoad implements AutoCloseable {
  /** Longer than a node's own request timeout (5s), after which it answers 503 or 504 itself. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  /** A client pauses after a failure, so that an unavailable cluster is not flooded with retries. */
  private static final Duration PAUSE_AFTER_ERROR = Duration.ofMillis(50);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The requests of one run; {@code next} returns null when {@code client} has no more to send. */
  interface Requests {
    HttpRequest next(int client);
  }

  /** A run in progress: its latencies, its failures (by phase) and its stop switch. */
  static final class Run {
    final Recorder latencyMicros = new Recorder(3);
    private final CountDownLatch finished;
    private volatile ErrorTally errors = new ErrorTally();
    private volatile boolean stopping;

    private Run(int clients) {
      finished = new CountDownLatch(clients);
    }

    /** Counts later failures in a fresh tally and returns the one used until now. */
    ErrorTally swapErrors() {
      ErrorTally before = errors;
      errors = new ErrorTally();
      return before;
    }

    /** Lets each client finish its request in flight, then waits for all of them. */
    boolean stop(Duration within) throws InterruptedException {
      stopping = true;
      return await(within);
    }

    boolean await(Duration within) throws InterruptedException {
      return finished.await(within.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private final ExecutorService executor;
  private final HttpClient http;

  HttpLoad() {
    executor = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
        daemonThreads("bench-http-"));
    http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .executor(executor)
        .build();
  }

  HttpClient http() {
    return http;
  }

  /** Starts {@code clients} loops, numbered from 0, sending what {@code requests} hands each of them. */
  Run start(int clients, Requests requests) {
    Run run = new Run(clients);
    ThreadFactory threads = daemonThreads("bench-client-");
    for (int i = 0; i < clients; i++) {
      int client = i;
      threads.newThread(() -> loop(run, requests, client)).start();
    }
    return run;
  }

  private void loop(Run run, Requests requests, int client) {
    try {
      HttpRequest request;
      while (!run.stopping && (request = requests.next(client)) != null) {
        long sentAt = System.nanoTime();
        String failure;
        try {
          HttpResponse<byte[]> response = http.send(request, BodyHandlers.ofByteArray());
          if (response.statusCode() / 100 == 2) {
            run.latencyMicros.recordValue(Math.max(1, (System.nanoTime() - sentAt) / 1000));
            continue;
          }
          failure = describe(response);
        } catch (IOException e) {
          failure = describe(e);
        }
        run.errors.record(failure);
        Thread.sleep(PAUSE_AFTER_ERROR.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the JVM is exiting
    } finally {
      run.finished.countDown();
    }
  }

  static HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
  }

  static HttpRequest put(URI uri, byte[] value) {
    return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/octet-stream").PUT(BodyPublishers.ofByteArray(value)).build();
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** {@code "503 no leader reachable: ..."}: the status and the node's JSON error, else the start of the body. */
  static String describe(HttpResponse<byte[]> response) {
    String text = new String(response.body(), StandardCharsets.UTF_8);
    try {
      JsonNode json = JSON.readTree(text);
      if (json != null && json.hasNonNull("error")) text = json.get("error").asText();
    } catch (IOException e) {
      // not JSON: show the text itself
    }
    text = text.strip().replaceAll("\\s+", " ");
    if (text.length() > 120) text = text.substring(0, 120) + "...";
    return response.request().method() + " " + response.statusCode() + (text.isEmpty() ? "" : " " + text);
  }

  /** A request that got no answer: timed out, refused, reset. */
  static String describe(IOException cause) {
    if (cause instanceof HttpConnectTimeoutException) return "no answer: connect timed out";
    if (cause instanceof HttpTimeoutException) return "no answer: timed out after " + REQUEST_TIMEOUT.toSeconds() + "s";
    if (cause instanceof ConnectException) return "no answer: cannot connect";
    String message = cause.getMessage() == null ? "" : ": " + cause.getMessage().lines().findFirst().orElse("");
    return "no answer: " + cause.getClass().getSimpleName() + message;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
