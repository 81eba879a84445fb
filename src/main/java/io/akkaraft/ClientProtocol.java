package io.akkaraft;

import akka.actor.typed.ActorRef;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;

/**
 * What applications send to a Raft member, and what they get back. Every request may be sent from another
 * node: all of it is serializable.
 */
public final class ClientProtocol {
  private ClientProtocol() {}

  /** A request to a member. */
  public sealed interface Request extends RaftCommand, CborSerializable permits Submit, GetStatus {}

  /**
   * Replicate {@code command} and apply it to the state machine. The reply comes only once the command is
   * committed and applied on this member (then {@link Committed}), or when it is clear that it will not be.
   *
   * @param command any object Akka can serialize
   */
  public record Submit(
      @JsonSerialize(using = AkkaObjectJson.Writer.class)
      @JsonDeserialize(using = AkkaObjectJson.Reader.class)
      Object command,
      ActorRef<SubmitReply> replyTo)
      implements Request {
    @JsonCreator
    public Submit {}
  }

  /** Ask for a {@link Status}. */
  public record GetStatus(ActorRef<Status> replyTo) implements Request {
    @JsonCreator
    public GetStatus {}
  }

  /** The outcome of a {@link Submit}. */
  public sealed interface SubmitReply extends CborSerializable
      permits Committed, NotLeader, Rejected, OutcomeUnknown {}

  /** Committed at {@code index} and applied; {@code result} is what the state machine returned. */
  public record Committed(
      long index,
      @JsonSerialize(using = AkkaObjectJson.Writer.class)
      @JsonDeserialize(using = AkkaObjectJson.Reader.class)
      Object result)
      implements SubmitReply {
    @JsonCreator
    public Committed {}
  }

  /**
   * This member is not the leader and did nothing; re-send to {@code leader} if known.
   *
   * @param leaderId the current leader's id, or null while none is known
   * @param leader the leader's actor, or null when unknown or not yet discovered
   */
  public record NotLeader(String leaderId, ActorRef<RaftCommand> leader) implements SubmitReply {}

  /** The command was refused and will never be applied (too large, not serializable, failed in apply). */
  public record Rejected(String reason) implements SubmitReply {
    @JsonCreator
    public Rejected {}
  }

  /**
   * The command was appended at {@code index} but this member stopped leading before it committed: it may
   * or may not be applied. Retry through a client session to get exactly-once behaviour.
   */
  public record OutcomeUnknown(long index, String reason) implements SubmitReply {}

  /**
   * A member's view of the group.
   *
   * @param role leader, follower or candidate
   * @param leader the known leader's id, or null
   */
  public record Status(
      String id,
      String role,
      long term,
      String leader,
      long commitIndex,
      long lastApplied,
      long lastLogIndex,
      List<String> members)
      implements CborSerializable {}
}
