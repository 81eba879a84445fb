package io.akkaraft.sim;

import akka.actor.testkit.typed.javadsl.TestInbox;
import io.akkaraft.ClientProtocol.ReadReply;

/**
 * A linearizable read a client sent to one member. {@code mustSee} is the highest index any client had been
 * told was committed when the read was sent: a linearizable answer reflects at least that much (§6.4).
 */
final class ReadRequest {
  final String client;
  final String memberId;
  final long mustSee;
  final TestInbox<ReadReply> inbox = TestInbox.create();
  SimMember target;
  ReadReply reply;

  ReadRequest(String client, String memberId, long mustSee) {
    this.client = client;
    this.memberId = memberId;
    this.mustSee = mustSee;
  }
}
