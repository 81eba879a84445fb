package io.akkaraft.demo;

import akka.actor.typed.javadsl.AskPattern;
import io.akkaraft.ClientProtocol.Committed;
import io.akkaraft.ClientProtocol.Consistency;
import io.akkaraft.ClientProtocol.Read;
import io.akkaraft.ClientProtocol.ReadReply;
import io.akkaraft.ClientProtocol.ReadResult;
import io.akkaraft.ClientProtocol.Status;
import io.akkaraft.ClientProtocol.SubmitReply;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code akka-raft demo --in-jvm}: a three-member group in one JVM, narrated. Elects a leader, commits a few
 * notes, stops the leader, shows the re-election, commits more, and restarts the stopped member, which
 * recovers from its journal and catches up.
 */
final class InJvmDemo {
  private static final List<String> MEMBERS = List.of("n1", "n2", "n3");
  private static final Duration ELECTION_WITHIN = Duration.ofSeconds(15);

  private final Path dataDir;
  private final PrintStream out;

  /** Journals go under {@code dataDir}, one folder per member; a second run recovers the first one's. */
  InJvmDemo(Path dataDir, PrintStream out) {
    this.dataDir = dataDir;
    this.out = out;
  }

  int run() throws Exception {
    boolean earlier = hasFiles(dataDir);
    out.printf("akka-raft demo: group 'demo' with members %s in one JVM%n", String.join(", ", MEMBERS));
    out.printf("Journals: LevelDB (native, fsync on) under %s, one per member%s%n%n", dataDir.toAbsolutePath(),
        earlier ? "; they hold an earlier run, which each member recovers first" : "");
    try (LocalGroup group = LocalGroup.start("demo", MEMBERS, dataDir, Notes::new)) {
      Status leader = group.awaitLeader(ELECTION_WITHIN, s -> true);
      out.printf("Elected: %s is leader in term %d%n", leader.id(), leader.term());
      out.println("  (each new leader first commits an empty entry of its own term, hence the gaps in the indices)");
      long last = submitAll(group, leader.id(), List.of("alpha", "beta", "gamma"));
      printStatuses(group.awaitApplied(last, ELECTION_WITHIN));

      out.printf("%nStopping the leader %s (its actor and journal child stop; the journal stays on disk)%n",
          leader.id());
      group.stopMember(leader.id());
      Status next = group.awaitLeader(ELECTION_WITHIN, s -> s.term() > leader.term());
      out.printf("Re-elected: %s is leader in term %d, with %s still stopped%n", next.id(), next.term(), leader.id());
      last = submitAll(group, next.id(), List.of("delta", "epsilon"));
      printStatuses(group.awaitApplied(last, ELECTION_WITHIN));

      out.printf("%nRestarting %s: it recovers term, vote and log from its journal, then catches up%n",
          leader.id());
      group.startMember(leader.id());
      printStatuses(group.awaitApplied(last, ELECTION_WITHIN));
      out.printf("%nLinearizable read on the leader %s: [%s]%n", next.id(), read(group, next.id()));
    }
    out.println("Done.");
    return 0;
  }

  private static boolean hasFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return false;
    try (Stream<Path> files = Files.list(dir)) {
      return files.findAny().isPresent();
    }
  }

  /** Submits each note to the leader and prints its reply; returns the last committed index. */
  private long submitAll(LocalGroup group, String leaderId, List<String> texts) {
    long last = 0;
    for (String text : texts) {
      SubmitReply reply = group.submit(leaderId, new Notes.Add(text));
      if (!(reply instanceof Committed committed)) {
        throw new IllegalStateException("submit of '" + text + "' to " + leaderId + " answered " + reply);
      }
      out.printf("  Submit \"%s\" to %s -> Committed at index %d; notes in the list: %s%n",
          text, leaderId, committed.index(), committed.result());
      last = committed.index();
    }
    return last;
  }

  private String read(LocalGroup group, String id) throws Exception {
    ReadReply reply = AskPattern.<io.akkaraft.RaftCommand, ReadReply>ask(group.member(id),
            replyTo -> new Read(Notes.All.INSTANCE, Consistency.LINEARIZABLE, replyTo),
            LocalGroup.ASK_TIMEOUT, group.system().scheduler())
        .toCompletableFuture().get(LocalGroup.ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    if (!(reply instanceof ReadResult result)) throw new IllegalStateException("read answered " + reply);
    return String.valueOf(result.result());
  }

  private void printStatuses(List<Status> statuses) {
    out.printf("  %-6s %-9s %5s %7s %12s %12s %13s%n",
        "member", "role", "term", "leader", "commitIndex", "lastApplied", "lastLogIndex");
    for (Status s : statuses) {
      out.printf("  %-6s %-9s %5d %7s %12d %12d %13d%n", s.id(), s.role(), s.term(),
          s.leader() == null ? "-" : s.leader(), s.commitIndex(), s.lastApplied(), s.lastLogIndex());
    }
  }
}
