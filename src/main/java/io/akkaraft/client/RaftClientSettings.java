package io.akkaraft.client;

import java.time.Duration;

/**
 * How a {@link RaftClient} retries.
 *
 * @param attemptTimeout how long one attempt waits for a member's answer before it is retried
 * @param retryBackoff pause before a retry, so that an election can finish
 * @param maxAttempts attempts per command before giving up with an "outcome unknown" error
 */
public record RaftClientSettings(Duration attemptTimeout, Duration retryBackoff, int maxAttempts) {

  public static RaftClientSettings defaults() {
    return new RaftClientSettings(Duration.ofSeconds(2), Duration.ofMillis(100), 30);
  }
}
