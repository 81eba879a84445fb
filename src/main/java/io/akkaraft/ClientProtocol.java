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
  public sealed interface Request extends RaftCommand, CborSerializable
      permits Submit, GetStatus, Read, GetReadIndex {}

  /**
   * Replicate {@code command} and apply it to the state machine. The reply comes only once the command is
   * committed and applied on this member (then {@link Committed}), or when it is clear that it will not be.
   *
   * @param command any object Akka can serialize
   * @param retryKey null, or what identifies this command across its retries (a client session and the
   *     command's number in it): a leader that already holds an uncommitted command under the same key
   *     answers this submission with that one's outcome instead of appending the command again
   */
  public record Submit(
      @JsonSerialize(using = AkkaObjectJson.Writer.class)
      @JsonDeserialize(using = AkkaObjectJson.Reader.class)
      Object command,
      ActorRef<SubmitReply> replyTo,
      String retryKey)
      implements Request {
    @JsonCreator
    public Submit {}

    /** A command without a retry key: every submission is appended. */
    public Submit(Object command, ActorRef<SubmitReply> replyTo) {
      this(command, replyTo, null);
    }
  }

  /** Ask for a {@link Status}. */
  public record GetStatus(ActorRef<Status> replyTo) implements Request {
    @JsonCreator
    public GetStatus {}
  }

  /** How fresh a {@link Read} must be. */
  public enum Consistency {
    /**
     * Linearizable (§6.4, ReadIndex): reflects every write acknowledged before the read was sent. Served by
     * the leader after one heartbeat round to a majority, or by a follower after asking the leader for its
     * read index; never written to the log.
     */
    LINEARIZABLE,
    /** Whatever this member has applied: may be stale, never blocks. Only when a caller asks for it. */
    LOCAL
  }

  /**
   * Query the state machine ({@link StateMachine#query}) without writing to the log.
   *
   * @param query any object Akka can serialize, understood by the application's state machine
   */
  public record Read(
      @JsonSerialize(using = AkkaObjectJson.Writer.class)
      @JsonDeserialize(using = AkkaObjectJson.Reader.class)
      Object query,
      Consistency consistency,
      ActorRef<ReadReply> replyTo)
      implements Request {
    @JsonCreator
    public Read {}
  }

  /**
   * A follower's request to the leader for a read index (§6.4: "the follower could issue a request to the
   * leader that just asked for a current readIndex"). Answered {@link ReadIndexGranted} or {@link
   * ReadUnavailable}.
   */
  public record GetReadIndex(ActorRef<ReadReply> replyTo) implements Request {
    @JsonCreator
    public GetReadIndex {}
  }

  /** The outcome of a {@link Read} or {@link GetReadIndex}. */
  public sealed interface ReadReply extends CborSerializable
      permits ReadResult, ReadIndexGranted, ReadUnavailable, ReadRejected {}

  /** The query's result, computed on state that includes every entry up to {@code index}. */
  public record ReadResult(
      long index,
      @JsonSerialize(using = AkkaObjectJson.Writer.class)
      @JsonDeserialize(using = AkkaObjectJson.Reader.class)
      Object result)
      implements ReadReply {
    @JsonCreator
    public ReadResult {}
  }

  /** The leader confirmed its leadership after the request arrived: reads may reflect up to {@code index}. */
  public record ReadIndexGranted(long index) implements ReadReply {
    @JsonCreator
    public ReadIndexGranted {}
  }

  /**
   * No linearizable answer now (no leader known, leadership lost, leader unreachable); nothing happened, so
   * the read may be retried anywhere.
   *
   * @param leaderId the leader this member knows of, or null
   */
  public record ReadUnavailable(String reason, String leaderId) implements ReadReply {}

  /** The state machine could not answer the query (for example it does not understand it). */
  public record ReadRejected(String reason) implements ReadReply {
    @JsonCreator
    public ReadRejected {}
  }

  /** The outcome of a {@link Submit}. */
  public sealed interface SubmitReply extends CborSerializable
      permits Committed, NotLeader, Rejected, Overloaded, OutcomeUnknown {}

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
   * The leader holds {@code akka-raft.max-uncommitted-bytes} of commands that are not committed yet (its
   * followers are slow or unreachable) and did nothing with this one: back off, then retry.
   */
  public record Overloaded(String reason) implements SubmitReply {
    @JsonCreator
    public Overloaded {}
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
