package io.akkaraft.kv;

import java.nio.charset.StandardCharsets;

/** What a key-value command may hold: keys of 1 to 1,024 UTF-8 bytes, values up to a configured size. */
public record KvLimits(int maxValueBytes) {
  public static final int MAX_KEY_BYTES = 1024;
  public static final int DEFAULT_MAX_VALUE_BYTES = 1024 * 1024;

  public static KvLimits defaults() {
    return new KvLimits(DEFAULT_MAX_VALUE_BYTES);
  }

  /** Why {@code key} is not acceptable, or null. */
  public String keyProblem(String key) {
    if (key == null || key.isEmpty()) return "key must not be empty";
    int bytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_KEY_BYTES) return "key of " + bytes + " bytes exceeds " + MAX_KEY_BYTES + " bytes";
    return null;
  }

  /** Why {@code value} is not acceptable, or null. */
  public String valueProblem(byte[] value) {
    if (value == null) return "value must be present";
    if (value.length > maxValueBytes) {
      return "value of " + value.length + " bytes exceeds the limit of " + maxValueBytes + " bytes";
    }
    return null;
  }
}
