package io.akkaraft.client;

import java.time.Duration;

/**
 * How a {@link RaftClient} retries.
 *
 * @param attemptTimeout how long one attempt waits for a member's answer before it is retried
 * @param retryBackoff pause before a retry, so that an election can finish
 * @param giveUpAfter how long a command may take, all attempts included, before the client gives up and
 *     says whether it may have been applied
 */
public record RaftClientSettings(Duration attemptTimeout, Duration retryBackoff, Duration giveUpAfter) {

  public static RaftClientSettings defaults() {
    return new RaftClientSettings(Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(30));
  }
}
