package io.akkaraft.server.metrics;

import io.akkaraft.RaftMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * One node's meters, in its own Prometheus registry (several nodes may share a JVM, as in tests): the Raft
 * member's, the HTTP requests', and the JVM's (memory, GC, threads, classes, processor, uptime).
 */
public final class NodeMetrics implements AutoCloseable {
  /** The Prometheus text exposition format that {@link #scrape()} writes. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final RequestMetrics requests = new RequestMetrics(registry);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  public NodeMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** A listener for the member of Raft group {@code group}; its meters are tagged with the group. */
  public RaftMetrics raft(String group) {
    return new MicrometerRaftMetrics(registry, group);
  }

  public RequestMetrics requests() {
    return requests;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Every meter, in the Prometheus text format {@link #CONTENT_TYPE}. */
  public String scrape() {
    return registry.scrape();
  }

  /** Stops listening to GC notifications and closes the registry. */
  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
