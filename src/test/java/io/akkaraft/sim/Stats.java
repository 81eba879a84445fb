package io.akkaraft.sim;

/** Counters of one run, summed over many by {@link SeedBatch}. */
final class Stats {
  long steps;
  long messages;
  long dropped;
  long duplicated;
  long delayed;
  long partitions;
  long crashes;
  long tornWrites;
  long slowWrites;
  long elections;
  long submitted;
  long acknowledged;
  long reads;

  /** Every fault the run injected: lost, doubled and late messages, partitions, crashes, disk faults. */
  long faults() {
    return dropped + duplicated + delayed + partitions + crashes + tornWrites + slowWrites;
  }

  void add(Stats other) {
    steps += other.steps;
    messages += other.messages;
    dropped += other.dropped;
    duplicated += other.duplicated;
    delayed += other.delayed;
    partitions += other.partitions;
    crashes += other.crashes;
    tornWrites += other.tornWrites;
    slowWrites += other.slowWrites;
    elections += other.elections;
    submitted += other.submitted;
    acknowledged += other.acknowledged;
    reads += other.reads;
  }

  @Override
  public String toString() {
    return "steps=" + steps + " messages=" + messages + " faults=" + faults() + " (dropped=" + dropped
        + " duplicated=" + duplicated + " delayed=" + delayed + " partitions=" + partitions + " crashes=" + crashes
        + " torn-writes=" + tornWrites + " slow-writes=" + slowWrites + ") leaders-elected=" + elections
        + " submitted=" + submitted + " acknowledged=" + acknowledged + " linearizable-reads=" + reads;
  }
}
