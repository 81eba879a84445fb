package io.akkaraft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.akkaraft.ClientProtocol.Status;
import io.akkaraft.RaftCommand;
import io.akkaraft.core.LogEntry;
import io.akkaraft.core.PeerProtocol.AppendEntries;
import io.akkaraft.core.PeerProtocol.AppendReply;
import io.akkaraft.core.PeerProtocol.RequestVote;
import io.akkaraft.core.PeerProtocol.VoteReply;
import io.akkaraft.testkit.InJvmGroup;
import io.akkaraft.testkit.TestConfigs;
import io.akkaraft.serialization.Payloads;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real member, "f", whose peers "p" and "q" are test probes sending hand-crafted RPCs: the network may
 * delay, duplicate and reorder messages, and anyone may send garbage; none of it may corrupt the member.
 * f's own election timeout lies beyond the test, so it only ever reacts.
 */
class PeerMessageTest {
  private static final Duration QUIET = Duration.ofMillis(200);
  @TempDir static Path journalDir;
  static ActorTestKit kit;

  @BeforeAll
  static void startKit() {
    kit = ActorTestKit.create("peer-messages", TestConfigs.levelDb(journalDir));
  }

  @AfterAll
  static void stopKit() {
    kit.shutdownTestKit();
  }

  /** The member under test and the probes playing its peers. */
  private record Fixture(InJvmGroup group, ActorRef<RaftCommand> f, TestProbe<RaftCommand> p, TestProbe<RaftCommand> q)
      implements AutoCloseable {
    @Override
    public void close() {
      group.close();
    }

    List<LogEntry> log() {
      return group.state("f").log().entries();
    }
  }

  private static Fixture fixture(String groupId) {
    InJvmGroup group = new InJvmGroup(kit, groupId, List.of("f", "p", "q"),
        s -> s.withElectionTimeout(Duration.ofSeconds(60), Duration.ofSeconds(120)));
    TestProbe<RaftCommand> p = kit.createTestProbe();
    TestProbe<RaftCommand> q = kit.createTestProbe();
    group.registerFake("p", p.getRef());
    group.registerFake("q", q.getRef());
    ActorRef<RaftCommand> f = group.start("f");
    group.awaitRecovered("f");
    return new Fixture(group, f, p, q);
  }

  private static LogEntry entry(long term, long index, String command) {
    return LogEntry.command(term, index, Payloads.encode(kit.system().classicSystem(), command));
  }

  private static AppendReply accepted(long term, long matchIndex, int entryCount) {
    return AppendReply.accepted(term, "f", matchIndex, entryCount);
  }

  @Test
  @DisplayName("Figure 3.1 all servers / §3.3: stale-term requests are refused with the current term, stale "
      + "responses are dropped, and neither changes the member")
  void staleTermMessagesAreRefusedOrDroppedAndChangeNothing() {
    try (Fixture x = fixture("stale")) {
      List<LogEntry> entries = List.of(entry(2, 1, "a"), entry(2, 2, "b"));
      x.f().tell(new AppendEntries(2, "p", 0, 0, entries, 0));
      x.p().expectMessage(InJvmGroup.TIMEOUT, accepted(2, 2, 2));

      x.f().tell(new AppendEntries(1, "q", 0, 0, List.of(entry(1, 1, "x")), 0));
      x.q().expectMessage(InJvmGroup.TIMEOUT, AppendReply.rejected(2, "f", 0, 0, 0, 1));
      x.f().tell(new RequestVote(1, "q", 9, 1));
      x.q().expectMessage(InJvmGroup.TIMEOUT, new VoteReply(2, "f", false));
      x.f().tell(new VoteReply(1, "q", true));
      x.f().tell(AppendReply.accepted(1, "q", 5, 1));

      Status status = x.group().status("f");
      assertEquals(new Status("f", "follower", 2, "p", 0, 0, 2, List.of("f", "p", "q")), status);
      assertEquals(entries, x.log());
      assertNull(x.group().state("f").votedFor());
      x.p().expectNoMessage(QUIET);
      x.q().expectNoMessage(Duration.ZERO);
      x.group().assertInvariants();
    }
  }

  @Test
  @DisplayName("Figure 3.1 AppendEntries receiver rules 2-5: duplicated and reordered AppendEntries neither "
      + "truncate the log nor apply anything twice")
  void duplicatedAndReorderedAppendEntriesAreHarmless() {
    try (Fixture x = fixture("reorder")) {
      AppendEntries first = new AppendEntries(1, "p", 0, 0, List.of(entry(1, 1, "a"), entry(1, 2, "b")), 0);
      AppendEntries second = new AppendEntries(1, "p", 2, 1, List.of(entry(1, 3, "c")), 0);
      AppendEntries commit = new AppendEntries(1, "p", 3, 1, List.of(), 3);

      x.f().tell(second); // overtook the first: rule 2, the log does not contain prevLogIndex
      x.p().expectMessage(InJvmGroup.TIMEOUT, AppendReply.rejected(1, "f", 2, 0, 1, 1));
      x.f().tell(first);
      x.p().expectMessage(InJvmGroup.TIMEOUT, accepted(1, 2, 2));
      x.f().tell(first); // duplicate
      x.p().expectMessage(InJvmGroup.TIMEOUT, accepted(1, 2, 2));
      x.f().tell(second);
      x.p().expectMessage(InJvmGroup.TIMEOUT, accepted(1, 3, 1));
      x.f().tell(first); // a late copy must not truncate entry 3 (rule 3 applies only to conflicts)
      x.p().expectMessage(InJvmGroup.TIMEOUT, accepted(1, 2, 2));
      assertEquals(List.of(entry(1, 1, "a"), entry(1, 2, "b"), entry(1, 3, "c")), x.log());

      x.f().tell(commit);
      x.p().expectMessage(InJvmGroup.TIMEOUT, accepted(1, 3, 0));
      x.group().awaitApplied(List.of("f"), List.of("a", "b", "c"));
      x.f().tell(commit);
      x.f().tell(first);
      x.f().tell(second);
      x.p().receiveSeveralMessages(3, InJvmGroup.TIMEOUT);
      assertEquals(List.of("a", "b", "c"), x.group().applied("f"), "each entry applied exactly once");
      assertEquals(3, x.group().status("f").commitIndex());
      assertEquals(3, x.log().size());
      x.group().assertInvariants();
    }
  }

  @Test
  @DisplayName("Figure 3.1 RequestVote receiver rule 2: a duplicated RequestVote is granted again to the same "
      + "candidate, and to no other in that term")
  void duplicatedRequestVoteIsGrantedOnlyToTheSameCandidate() {
    try (Fixture x = fixture("vote-dup")) {
      x.f().tell(new RequestVote(4, "q", 0, 0));
      x.q().expectMessage(InJvmGroup.TIMEOUT, new VoteReply(4, "f", true));
      x.f().tell(new RequestVote(4, "q", 0, 0));
      x.q().expectMessage(InJvmGroup.TIMEOUT, new VoteReply(4, "f", true));
      x.f().tell(new RequestVote(4, "p", 7, 3));
      x.p().expectMessage(InJvmGroup.TIMEOUT, new VoteReply(4, "f", false));
      assertEquals("q", x.group().state("f").votedFor());
      x.group().assertInvariants();
    }
  }

  @Test
  @DisplayName("§4 membership: RPCs from ids outside the membership, or spoofing the member's own id, are "
      + "dropped unanswered and change nothing")
  void messagesFromUnknownSendersAreDropped() {
    try (Fixture x = fixture("outsider")) {
      TestProbe<RaftCommand> outsider = kit.createTestProbe();
      x.group().registerFake("outsider", outsider.getRef());

      x.f().tell(new AppendEntries(5, "outsider", 0, 0, List.of(entry(5, 1, "evil")), 1));
      x.f().tell(new RequestVote(6, "outsider", 9, 6));
      x.f().tell(new AppendEntries(7, "f", 0, 0, List.of(entry(7, 1, "spoofed")), 1));

      assertEquals(new Status("f", "follower", 0, null, 0, 0, 0, List.of("f", "p", "q")), x.group().status("f"));
      outsider.expectNoMessage(QUIET);
      assertEquals(List.of(), x.log());
      assertEquals(List.of(), x.group().applied("f"));
      // Still a working member.
      x.f().tell(new RequestVote(1, "p", 0, 0));
      x.p().expectMessage(InJvmGroup.TIMEOUT, new VoteReply(1, "f", true));
      x.group().assertInvariants();
    }
  }

  @Test
  @DisplayName("malformed AppendEntries (gaps, bad terms, missing commands, negative indices) are dropped "
      + "before the term check, and the member keeps its log and keeps working")
  void malformedAppendEntriesAreDroppedAndTheLogIsKept() {
    try (Fixture x = fixture("malformed")) {
      x.f().tell(new AppendEntries(1, "p", 0, 0, List.of(entry(1, 1, "a")), 0));
      x.p().expectMessage(InJvmGroup.TIMEOUT, accepted(1, 1, 1));
      List<LogEntry> before = x.log();

      // Each carries a higher term, which a well-formed message would make the member adopt.
      List<AppendEntries> malformed = List.of(
          new AppendEntries(2, "p", 1, 1, List.of(entry(2, 2, "b"), entry(2, 4, "d")), 0), // gap in entries
          new AppendEntries(2, "p", 1, 1, List.of(entry(2, 3, "c")), 0), // gap after prevLogIndex
          new AppendEntries(2, "p", 1, 1, List.of(entry(3, 2, "b")), 0), // entry term above the leader's
          new AppendEntries(2, "p", 1, 1, List.of(entry(2, 2, "b"), entry(1, 3, "c")), 0), // terms decrease
          new AppendEntries(2, "p", 1, 1, List.of(new LogEntry(2, 2, LogEntry.Kind.COMMAND, null)), 0), // no command
          new AppendEntries(2, "p", -1, 0, List.of(), 0), // negative prevLogIndex
          new AppendEntries(2, "p", 1, 1, List.of(), -5)); // negative leaderCommit
      malformed.forEach(x.f()::tell);

      assertEquals(new Status("f", "follower", 1, "p", 0, 0, 1, List.of("f", "p", "q")), x.group().status("f"));
      x.p().expectNoMessage(QUIET);
      assertEquals(before, x.log());
      // A well-formed request of the higher term still works.
      x.f().tell(new AppendEntries(2, "p", 1, 1, List.of(entry(2, 2, "b")), 2));
      x.p().expectMessage(InJvmGroup.TIMEOUT, accepted(2, 2, 1));
      x.group().awaitApplied(List.of("f"), List.of("a", "b"));
      x.group().assertInvariants();
    }
  }
}
