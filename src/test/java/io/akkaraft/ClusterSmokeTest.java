package io.akkaraft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.akkaraft.ClientProtocol.Committed;
import io.akkaraft.ClientProtocol.Status;
import io.akkaraft.ClientProtocol.SubmitReply;
import io.akkaraft.testkit.RecordingStateMachine;
import io.akkaraft.testkit.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterSmokeTest {
  @Test
  void threeMembersElectALeaderAndReplicate() throws Exception {
    Path dir = Files.createTempDirectory("raft-smoke");
    ActorTestKit kit = ActorTestKit.create("smoke", TestConfigs.levelDb(dir));
    try {
      Map<String, List<String>> applied = RecordingStateMachine.registry();
      List<String> ids = List.of("a", "b", "c");
      Map<String, ActorRef<RaftCommand>> members = new java.util.HashMap<>();
      for (String id : ids) {
        RaftSettings settings = RaftSettings.create(kit.system(), "g", id, ids);
        members.put(id, kit.spawn(RaftNode.create(settings, () -> new RecordingStateMachine(applied, id)), id));
      }
      TestProbe<Status> status = kit.createTestProbe();
      String leader = status.awaitAssert(Duration.ofSeconds(10), () -> {
        for (String id : ids) {
          members.get(id).tell(new ClientProtocol.GetStatus(status.getRef()));
          Status s = status.receiveMessage();
          if (s.role().equals("leader")) return id;
        }
        throw new AssertionError("no leader yet");
      });
      TestProbe<SubmitReply> reply = kit.createTestProbe();
      members.get(leader).tell(new ClientProtocol.Submit("x", reply.getRef()));
      Committed committed = assertInstanceOf(Committed.class, reply.receiveMessage(Duration.ofSeconds(5)));
      assertEquals(1, committed.result());
      status.awaitAssert(Duration.ofSeconds(5), () -> {
        for (String id : ids) assertEquals(List.of("x"), applied.get(id), id);
        return null;
      });
      // §6.4: linearizable reads on the leader and through a follower see the acknowledged write.
      TestProbe<ClientProtocol.ReadReply> read = kit.createTestProbe();
      for (String id : ids) {
        members.get(id).tell(new ClientProtocol.Read("count", ClientProtocol.Consistency.LINEARIZABLE, read.getRef()));
        ClientProtocol.ReadResult result =
            assertInstanceOf(ClientProtocol.ReadResult.class, read.receiveMessage(Duration.ofSeconds(5)), id);
        assertEquals(1, result.result(), id);
      }
    } finally {
      kit.shutdownTestKit();
    }
  }
}
