package io.akkaraft.client;

import java.time.Duration;

/**
 * How a {@link RaftClient} retries and keeps its session.
 *
 * @param attemptTimeout how long one attempt waits for a member's answer before it is retried
 * @param retryBackoff pause before a retry, so that an election can finish
 * @param giveUpAfter how long a command may take, all attempts included, before the client gives up and
 *     says whether it may have been applied
 * @param keepAliveInterval how often an idle client sends a {@code KeepAlive} so that its session does not
 *     expire: a session that has sent nothing for one interval gets one at the next, so at most two
 *     intervals pass between two uses. Sessions expire after a number of applied entries, not a time, so this
 *     must be short enough that the group applies fewer than its expiry's entries in two intervals. Zero or
 *     negative disables keep-alives (a command under an expired session is then still retried transparently
 *     if it was certainly not applied, at the cost of a new session).
 */
public record RaftClientSettings(
    Duration attemptTimeout, Duration retryBackoff, Duration giveUpAfter, Duration keepAliveInterval) {

  /**
   * Ten seconds: one log entry per idle client per ten seconds is negligible, and a key-value node's sessions
   * (1,000,000 entries) outlast that at up to 50,000 entries a second.
   */
  public static final Duration DEFAULT_KEEP_ALIVE_INTERVAL = Duration.ofSeconds(10);

  /** With the default keep-alive interval. */
  public RaftClientSettings(Duration attemptTimeout, Duration retryBackoff, Duration giveUpAfter) {
    this(attemptTimeout, retryBackoff, giveUpAfter, DEFAULT_KEEP_ALIVE_INTERVAL);
  }

  public static RaftClientSettings defaults() {
    return new RaftClientSettings(Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(30));
  }

  public RaftClientSettings withKeepAliveInterval(Duration interval) {
    return new RaftClientSettings(attemptTimeout, retryBackoff, giveUpAfter, interval);
  }

  boolean keepsAlive() {
    return keepAliveInterval != null && !keepAliveInterval.isZero() && !keepAliveInterval.isNegative();
  }
}
