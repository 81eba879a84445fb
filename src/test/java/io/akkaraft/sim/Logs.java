package io.akkaraft.sim;

import io.akkaraft.core.LogEntry;
import io.akkaraft.core.MemberState;
import java.util.ArrayList;
import java.util.List;

/**
 * Paper figures as data, in the spirit of etcd's {@code index(1).terms(1, 2, 3)}: a log is written as the
 * terms of its entries. An entry's command is derived from its index and term, so equal entries on different
 * members are equal, as Log Matching expects.
 */
final class Logs {
  private Logs() {}

  static List<LogEntry> terms(long... terms) {
    List<LogEntry> entries = new ArrayList<>();
    for (int i = 0; i < terms.length; i++) entries.add(SimCodec.entry(terms[i], i + 1, "i" + (i + 1) + "t" + terms[i]));
    return entries;
  }

  /** The terms of a member's log, for assertions that read like the figure. */
  static List<Long> termsOf(MemberState state) {
    List<Long> terms = new ArrayList<>();
    for (long i = 1; i <= state.log().lastIndex(); i++) terms.add(state.log().termAt(i));
    return terms;
  }

  static List<Long> termsOf(SimDisk disk) {
    List<Long> terms = new ArrayList<>();
    for (long i = 1; i <= disk.lastIndex(); i++) terms.add(disk.entry(i).term());
    return terms;
  }

  static List<Long> list(long... terms) {
    List<Long> out = new ArrayList<>();
    for (long t : terms) out.add(t);
    return out;
  }
}
