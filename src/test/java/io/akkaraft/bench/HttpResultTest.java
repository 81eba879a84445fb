package io.akkaraft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The figures {@code bench http} prints: throughput, percentiles from the histogram, and the table row. */
class HttpResultTest {

  /** 100 successful requests of 10, 20, ..., 1000 µs (values HdrHistogram holds exactly). */
  private static Histogram tenToOneThousandMicros() {
    Histogram histogram = new Histogram(3);
    for (int i = 1; i <= 100; i++) histogram.recordValue(i * 10L);
    return histogram;
  }

  @Test
  void percentilesAreTheLatenciesBelowWhichThatShareOfRequestsCompleted() {
    HttpResult result = new HttpResult(16, 100, 0.05, tenToOneThousandMicros(), new ErrorTally());
    assertEquals(0.50, result.percentileMillis(50), 1e-9);
    assertEquals(0.99, result.percentileMillis(99), 1e-9);
    assertEquals(1.00, result.percentileMillis(100), 1e-9);
  }

  @Test
  void throughputCountsOnlySuccessfulRequestsPerMeasuredSecond() {
    ErrorTally errors = new ErrorTally();
    errors.record("PUT 503 no leader reachable");
    errors.record("PUT 503 no leader reachable");
    HttpResult result = new HttpResult(16, 100, 0.05, tenToOneThousandMicros(), errors);
    assertEquals(100, result.requests());
    assertEquals(2000.0, result.requestsPerSecond(), 1e-9);
    assertEquals(0.2, result.megabytesPerSecond(), 1e-9, "2,000 values of 100 bytes a second");
    assertEquals(2, result.errors().total());
  }

  @Test
  void rowLinesUpUnderTheHeader() {
    ErrorTally errors = new ErrorTally();
    errors.record("no answer: cannot connect");
    errors.record("no answer: cannot connect");
    HttpResult result = new HttpResult(16, 100, 0.05, tenToOneThousandMicros(), errors);
    assertEquals(" clients   requests/s      MB/s    p50 ms    p99 ms    errors", HttpResult.HEADER);
    assertEquals("      16        2,000       0.2      0.50      0.99         2", result.row());
  }

  @Test
  void levelWithoutAnySuccessShowsZeroLatencyAndItsErrors() {
    ErrorTally errors = new ErrorTally();
    errors.record("GET 503 no leader reachable");
    HttpResult result = new HttpResult(64, 100, 10, new Histogram(3), errors);
    assertEquals("      64            0       0.0      0.00      0.00         1", result.row());
  }

  @Test
  void errorKindsAreListedMostFrequentFirstWithTheirCounts() {
    ErrorTally errors = new ErrorTally();
    errors.record("PUT 504 outcome unknown");
    errors.record("PUT 503 no leader reachable");
    errors.record("PUT 503 no leader reachable");
    assertEquals(List.of("2 x PUT 503 no leader reachable", "1 x PUT 504 outcome unknown"), errors.lines());
    assertEquals(3, errors.total());
  }
}
