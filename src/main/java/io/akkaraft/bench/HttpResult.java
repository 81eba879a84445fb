package io.akkaraft.bench;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * What one load level of {@code bench http} achieved: successful (2xx) requests and their latencies in
 * microseconds, and the failed ones, all counted only when they completed inside the measured window.
 */
record HttpResult(int clients, int valueBytes, double seconds, Histogram latencyMicros, ErrorTally errors) {
  static final String HEADER = String.format(Locale.ROOT, "%8s %12s %9s %9s %9s %9s",
      "clients", "requests/s", "MB/s", "p50 ms", "p99 ms", "errors");

  long requests() {
    return latencyMicros.getTotalCount();
  }

  double requestsPerSecond() {
    return requests() / seconds;
  }

  /** Values written or read per second, in 10^6 bytes: every successful PUT or GET carries one. */
  double megabytesPerSecond() {
    return requestsPerSecond() * valueBytes / 1e6;
  }

  /** The latency at {@code percentile} (0-100) in milliseconds; 0 when nothing succeeded. */
  double percentileMillis(double percentile) {
    return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
  }

  /** This level as one line under {@link #HEADER}. */
  String row() {
    return String.format(Locale.ROOT, "%8d %,12.0f %9.1f %9.2f %9.2f %9d", clients, requestsPerSecond(),
        megabytesPerSecond(), percentileMillis(50), percentileMillis(99), errors.total());
  }
}
