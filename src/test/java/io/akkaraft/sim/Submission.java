package io.akkaraft.sim;

import akka.actor.testkit.typed.javadsl.TestInbox;
import io.akkaraft.ClientProtocol.Committed;
import io.akkaraft.ClientProtocol.SubmitReply;

/** One command a client sent to one member, and the reply once there is one. */
final class Submission {
  final String client;
  final String command;
  final String memberId;
  final long sentAt;
  /** What identifies the command across its retries, or null. */
  final String retryKey;
  final TestInbox<SubmitReply> inbox = TestInbox.create();
  /** The incarnation that received it; null until delivered (and forever if it was down). */
  SimMember target;
  SubmitReply reply;

  Submission(String client, String command, String memberId, long sentAt, String retryKey) {
    this.client = client;
    this.command = command;
    this.memberId = memberId;
    this.sentAt = sentAt;
    this.retryKey = retryKey;
  }

  boolean committed() {
    return reply instanceof Committed;
  }

  /** The index it committed at; only once {@link #committed()}. */
  long index() {
    return ((Committed) reply).index();
  }

  @Override
  public String toString() {
    return "'" + command + "' from " + client + " to " + memberId + (reply == null ? "" : ": " + reply);
  }
}
