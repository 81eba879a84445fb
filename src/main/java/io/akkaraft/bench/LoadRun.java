package io.akkaraft.bench;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Props;
import io.akkaraft.ClientProtocol.Committed;
import io.akkaraft.RaftCommand;
import io.akkaraft.demo.LocalGroup;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One load level: {@code submitters} closed loops ({@link Submitter}), each submitting a command to the
 * leader, waiting for its {@link Committed} and submitting the next. Only commits that complete inside the
 * measurement window (after the warm-up) count.
 */
final class LoadRun {
  /** What one load level achieved. Latencies in microseconds. */
  record Result(int submitters, long commits, double seconds, Histogram latencyMicros, long failures, long cpuNanos) {
    double commitsPerSecond() {
      return commits / seconds;
    }

    /** Processor time of the whole JVM (all three members, their journals and the submitters) per commit. */
    double cpuMicrosPerCommit() {
      return commits == 0 ? 0 : cpuNanos / 1000.0 / commits;
    }

    double percentileMillis(double percentile) {
      return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }
  }

  private static final Duration STOP_WITHIN = Duration.ofSeconds(15);

  private final LocalGroup group;
  private final int commandBytes;
  private ActorRef<RaftCommand> leader;
  private int runs;

  LoadRun(LocalGroup group, ActorRef<RaftCommand> leader, int commandBytes) {
    this.group = group;
    this.leader = leader;
    this.commandBytes = commandBytes;
  }

  /** Runs the loops for {@code warmup}, then measures for {@code duration}, then waits for them to stop. */
  Result run(int submitters, Duration warmup, Duration duration) throws InterruptedException {
    runs++;
    Submitter.Shared shared = new Submitter.Shared(leader, submitters);
    Random random = new Random(submitters);
    for (int i = 0; i < submitters; i++) {
      byte[] data = new byte[commandBytes];
      random.nextBytes(data);
      group.system().systemActorOf(Submitter.create(shared, data),
          "bench-" + runs + "-submitter-" + i, Props.empty());
    }
    // Sleeping here only times the measurement window; the loops run on the actor system's threads.
    Thread.sleep(warmup.toMillis());
    shared.latencyMicros.getIntervalHistogram(); // discard the warm-up
    long failuresBefore = shared.failures.get();
    long cpuBefore = processCpuNanos();
    long start = System.nanoTime();
    Thread.sleep(duration.toMillis());
    Histogram measured = shared.latencyMicros.getIntervalHistogram();
    double seconds = (System.nanoTime() - start) / 1e9;
    long cpu = processCpuNanos() - cpuBefore;
    long failed = shared.failures.get() - failuresBefore;
    shared.stopping = true;
    if (!shared.stopped.await(STOP_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException("submitters got no reply within " + STOP_WITHIN.toSeconds() + "s");
    }
    leader = shared.leader;
    return new Result(submitters, measured.getTotalCount(), seconds, measured, failed, cpu);
  }

  /** CPU time this process used so far: a figure that other load on the machine barely changes. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
