package io.akkaraft.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Logs written as their terms, in the spirit of etcd's {@code index(1).terms(1, 2, 3)}: {@code
 * Logs.terms(1, 1, 4)} is a log with entries of terms 1, 1 and 4 at indices 1, 2 and 3, so that a paper
 * figure reads like the figure.
 */
final class Logs {
  private Logs() {}

  /** A log holding one command entry per term given, at indices 1..n. */
  static RaftLog terms(long... terms) {
    return RaftLog.of(entries(1, terms));
  }

  /** Command entries of the given terms at indices {@code from}, {@code from + 1}, ... */
  static List<LogEntry> entries(long from, long... terms) {
    List<LogEntry> entries = new ArrayList<>();
    for (int i = 0; i < terms.length; i++) entries.add(entry(terms[i], from + i));
    return entries;
  }

  /**
   * The command entry at {@code index} of {@code term}. Its payload depends on both only, so two members'
   * entries with the same index and term are equal, as the Log Matching Property says they are (§3.5).
   */
  static LogEntry entry(long term, long index) {
    return LogEntry.command(term, index, payload("cmd-" + term + "/" + index));
  }

  /** A small payload; the serializer id does not matter to the pure rules. */
  static Payload payload(String text) {
    return new Payload(20, "", text.getBytes(StandardCharsets.UTF_8));
  }

  /** A payload of exactly {@code bytes} bytes (an entry carrying it has sizeBytes 40 + bytes). */
  static Payload payloadOfSize(int bytes) {
    return new Payload(20, "", new byte[bytes]);
  }

  /** The terms of a log, oldest first, for comparing with a figure. */
  static long[] termsOf(RaftLog log) {
    long[] terms = new long[(int) log.lastIndex()];
    for (int i = 0; i < terms.length; i++) terms[i] = log.termAt(i + 1);
    return terms;
  }
}
