package example.counter;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.akkaraft.CborSerializable;
import io.akkaraft.StateMachine;

/**
 * The replicated state: one number. Every member applies the same committed {@link Add}s in the same order,
 * so every member holds the same value; {@link #apply} must therefore be deterministic (no clock, no
 * randomness, no I/O). The commands are journaled and sent between members, so they are serializable:
 * {@link CborSerializable} binds them to Jackson CBOR (akka-raft's reference.conf).
 */
public final class Counter implements StateMachine<Counter.Add, Long> {

  /** Adds {@code amount}; the result is the counter's new value. */
  public record Add(long amount) implements CborSerializable {
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public Add {}
  }

  /** The query of {@link io.akkaraft.ClientProtocol.Read}: answered with the current value. */
  public enum Get implements CborSerializable { VALUE }

  private long value;

  @Override
  public Long apply(long index, Add command) {
    value += command.amount();
    return value;
  }

  @Override
  public Object query(Object query) {
    if (query != Get.VALUE) throw new IllegalArgumentException("unknown query " + query);
    return value;
  }
}
