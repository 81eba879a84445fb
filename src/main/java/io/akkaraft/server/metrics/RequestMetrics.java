package io.akkaraft.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Latency of the node's HTTP requests by operation and status class ({@code kv.requests}, tags {@code operation}
 * and {@code status}). A timer is registered the first time its combination occurs, then found without
 * allocating or locking.
 */
public final class RequestMetrics {
  /** What a request asked for; the tag is the lower-case name. */
  public enum Operation { GET, PUT, CAS, DELETE, STATUS, METRICS, OTHER }

  private static final Operation[] OPERATIONS = Operation.values();
  private static final String[] STATUS_CLASSES = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};
  private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
      Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
      Duration.ofSeconds(5), Duration.ofSeconds(10)};

  private final MeterRegistry registry;
  private final AtomicReferenceArray<Timer> timers =
      new AtomicReferenceArray<>(OPERATIONS.length * STATUS_CLASSES.length);

  public RequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void record(Operation operation, int statusCode, long nanos) {
    int statusClass = statusCode >= 100 && statusCode < 600 ? statusCode / 100 : 0;
    int slot = operation.ordinal() * STATUS_CLASSES.length + statusClass;
    Timer timer = timers.get(slot);
    if (timer == null) {
      // The registry returns the same timer to a thread that races this one here.
      timer = Timer.builder("kv.requests")
          .description("HTTP requests to the node, from arrival to response, by operation and status class")
          .tag("operation", operation.name().toLowerCase(Locale.ROOT)).tag("status", STATUS_CLASSES[statusClass])
          .serviceLevelObjectives(BUCKETS).register(registry);
      timers.set(slot, timer);
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }
}
