package io.akkaraft.testkit;

import io.akkaraft.core.LogEntry;
import io.akkaraft.core.Payload;
import io.akkaraft.core.RaftLog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Logs written as their terms, in the spirit of etcd's {@code index(1).terms(1, 2, 3)}: {@code
 * Logs.terms(1, 1, 4)} is a log with entries of terms 1, 1 and 4 at indices 1, 2 and 3, so that a paper
 * figure reads like the figure. One helper for the pure-rule tests and the simulator alike.
 *
 * <p>Commands are strings carried as UTF-8 payloads ({@link #payload(String)}, read back with {@link
 * #command(LogEntry)}); the simulator's codec uses the same form, so an entry written here onto a simulated
 * disk is a command the simulated members decode.
 */
public final class Logs {
  /** The serializer id of string payloads; nothing deserializes them through Akka. */
  public static final int STRING_SERIALIZER_ID = -4711;

  private Logs() {}

  /** A log holding one command entry per term given, at indices 1..n. */
  public static RaftLog terms(long... terms) {
    return RaftLog.of(entries(1, terms));
  }

  /** A log holding one no-op entry per term given, at indices 1..n. */
  public static RaftLog noOps(long... terms) {
    List<LogEntry> entries = new ArrayList<>();
    for (int i = 0; i < terms.length; i++) entries.add(LogEntry.noOp(terms[i], i + 1));
    return RaftLog.of(entries);
  }

  /** Command entries of the given terms at indices {@code from}, {@code from + 1}, ... */
  public static List<LogEntry> entries(long from, long... terms) {
    List<LogEntry> entries = new ArrayList<>();
    for (int i = 0; i < terms.length; i++) entries.add(entry(terms[i], from + i));
    return entries;
  }

  /**
   * The command entry at {@code index} of {@code term}, command {@code "i<index>t<term>"}. Its payload
   * depends on both only, so two members' entries with the same index and term are equal, as the Log
   * Matching Property says they are (§3.5).
   */
  public static LogEntry entry(long term, long index) {
    return LogEntry.command(term, index, payload("i" + index + "t" + term));
  }

  /** A string command as a payload. */
  public static Payload payload(String command) {
    return new Payload(STRING_SERIALIZER_ID, "", command.getBytes(StandardCharsets.UTF_8));
  }

  /** A payload of exactly {@code bytes} bytes (an entry carrying it has sizeBytes 40 + bytes). */
  public static Payload payloadOfSize(int bytes) {
    return new Payload(STRING_SERIALIZER_ID, "", new byte[bytes]);
  }

  /** The string command {@code payload} carries. */
  public static String command(Payload payload) {
    return new String(payload.bytes(), StandardCharsets.UTF_8);
  }

  /** The string command an entry carries, or null for a no-op. */
  public static String command(LogEntry entry) {
    return entry.payload() == null ? null : command(entry.payload());
  }

  /** The terms of a log, oldest first, for comparing with a figure. */
  public static long[] termsOf(RaftLog log) {
    long[] terms = new long[(int) log.lastIndex()];
    for (int i = 0; i < terms.length; i++) terms[i] = log.termAt(i + 1);
    return terms;
  }
}
