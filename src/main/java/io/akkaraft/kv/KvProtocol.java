package io.akkaraft.kv;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.akkaraft.CborSerializable;
import java.util.Arrays;

/** Commands of the key-value state machine and their results. Keys are UTF-8 strings, values bytes. */
public final class KvProtocol {
  private KvProtocol() {}

  /** A write, replicated through the log. */
  public sealed interface KvCommand extends CborSerializable permits Put, Delete, CompareAndSet {
    String key();
  }

  public record Put(String key, byte[] value) implements KvCommand {
    @Override
    public boolean equals(Object o) {
      return o instanceof Put p && p.key.equals(key) && Arrays.equals(p.value, value);
    }

    @Override
    public int hashCode() {
      return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Put(" + key + ", " + value.length + " bytes)";
    }
  }

  public record Delete(String key) implements KvCommand {
    @JsonCreator
    public Delete {}
  }

  /** Sets {@code key} to {@code value} only if its current value is {@code expected} (absent keys never match). */
  public record CompareAndSet(String key, byte[] expected, byte[] value) implements KvCommand {
    @Override
    public boolean equals(Object o) {
      return o instanceof CompareAndSet c && c.key.equals(key) && Arrays.equals(c.expected, expected)
          && Arrays.equals(c.value, value);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * key.hashCode() + Arrays.hashCode(expected)) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "CompareAndSet(" + key + ")";
    }
  }

  /** A read, answered from the state machine (never written to the log). */
  public record Get(String key) implements CborSerializable {
    @JsonCreator
    public Get {}
  }

  /**
   * The outcome of any command or read.
   *
   * @param ok put: always; delete: the key existed; cas: it matched and was set; get: the key exists
   * @param value get: the value; writes: null (a session keeps a write's result until its client acknowledges
   *     it, and no client reads a previous value). Results written earlier may carry one; it is ignored.
   * @param error why the command was refused (invalid key or value), or null
   */
  public record KvResult(boolean ok, byte[] value, String error) implements CborSerializable {
    public static KvResult of(boolean ok, byte[] value) {
      return new KvResult(ok, value, null);
    }

    public static KvResult invalid(String error) {
      return new KvResult(false, null, error);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof KvResult r && r.ok == ok && Arrays.equals(r.value, value)
          && java.util.Objects.equals(r.error, error);
    }

    @Override
    public int hashCode() {
      return 31 * Boolean.hashCode(ok) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "KvResult(" + ok + ", " + (value == null ? "null" : value.length + " bytes") + ", " + error + ")";
    }
  }
}
