package io.akkaraft.session;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.akkaraft.AkkaObjectJson;
import io.akkaraft.CborSerializable;

/**
 * Commands and results of client sessions (thesis §6.3): each client registers a session, then numbers its
 * commands; a command retried after it was applied returns the saved result instead of applying again.
 * These are the commands a {@link SessionStateMachine} replicates.
 */
public final class SessionProtocol {
  private SessionProtocol() {}

  /** A command for the session layer. */
  public sealed interface SessionCommand extends CborSerializable permits OpenSession, KeepAlive, SessionRequest {}

  /** Registers a new session; its id is the log index of this command, so ids are unique and agreed. */
  public record OpenSession(String clientName) implements SessionCommand {
    @JsonCreator
    public OpenSession {}
  }

  /** Keeps an idle session from expiring. */
  public record KeepAlive(long sessionId) implements SessionCommand {
    @JsonCreator
    public KeepAlive {}
  }

  /**
   * An application command within a session.
   *
   * @param seq the client's serial number for this command, unique within the session
   * @param lowestUnanswered the lowest serial number the client still waits for: results of lower ones
   *     may be discarded
   */
  public record SessionRequest(
      long sessionId,
      long seq,
      long lowestUnanswered,
      @JsonSerialize(using = AkkaObjectJson.Writer.class)
      @JsonDeserialize(using = AkkaObjectJson.Reader.class)
      Object command)
      implements SessionCommand {
    @JsonCreator
    public SessionRequest {}
  }

  /** What the session layer answers. */
  public sealed interface SessionResult extends CborSerializable
      permits SessionOpened, SessionAlive, Applied, SessionExpired, ResultDiscarded {}

  public record SessionOpened(long sessionId) implements SessionResult {
    @JsonCreator
    public SessionOpened {}
  }

  public record SessionAlive(long sessionId) implements SessionResult {
    @JsonCreator
    public SessionAlive {}
  }

  /**
   * The command's result. {@code index} is the log index at which it was applied (the first time);
   * {@code duplicate} tells that it was applied earlier and this is the saved result. (Entries written before
   * {@link ResultDiscarded} existed may hold {@code Applied(seq, 0, null, true)} for a discarded result.)
   */
  public record Applied(
      long seq,
      long index,
      @JsonSerialize(using = AkkaObjectJson.Writer.class)
      @JsonDeserialize(using = AkkaObjectJson.Reader.class)
      Object result,
      boolean duplicate)
      implements SessionResult {
    @JsonCreator
    public Applied {}
  }

  /**
   * The session is unknown or expired: this attempt was not applied. An earlier attempt of the same command
   * that was applied before the session expired may have been, so only a client that knows no earlier
   * attempt could have been applied may re-send the command, under a new session.
   */
  public record SessionExpired(long sessionId) implements SessionResult {
    @JsonCreator
    public SessionExpired {}
  }

  /**
   * The session is open but the result for {@code seq} was already discarded, because the client said it no
   * longer waits for it (thesis §6.3: "response for client's sequenceNum already discarded"). Nothing was
   * applied now; whether an earlier attempt was is unknown. Distinct from {@link SessionExpired} because the
   * session itself is still valid for later commands.
   */
  public record ResultDiscarded(long sessionId, long seq) implements SessionResult {
    @JsonCreator
    public ResultDiscarded {}
  }
}
