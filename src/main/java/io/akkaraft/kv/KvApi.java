package io.akkaraft.kv;

import io.akkaraft.ClientProtocol.Consistency;
import java.util.concurrent.CompletionStage;

/** The key-value operations an API front end (HTTP) offers; {@link KvService} is the real one. */
public interface KvApi {
  KvLimits limits();

  CompletionStage<KvOutcome> put(String key, byte[] value);

  /** Sets {@code key} to {@code value} if it now holds {@code expected}. */
  CompletionStage<KvOutcome> compareAndSet(String key, byte[] expected, byte[] value);

  CompletionStage<KvOutcome> delete(String key);

  CompletionStage<KvOutcome> get(String key, Consistency consistency);
}
