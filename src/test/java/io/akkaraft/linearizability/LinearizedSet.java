package io.akkaraft.linearizability;

import java.util.Arrays;
import java.util.Random;

/**
 * The required operations linearized so far (ops are numbered in invocation order), kept so the memo can
 * store and compare it cheaply: every operation below {@link #low()} is in the set, so only the words from
 * there up to the highest member ("the window", a few words wide however long the history) tell sets apart.
 * The hash is Zobrist's: a fixed random word per operation, XORed in and out.
 *
 * <p>Operations are added and removed in stack order, as the search's path grows and shrinks.
 */
final class LinearizedSet {
  private final long[] bits;
  private final long[] zobrist;
  private final int[] highest; // highest[i]: the highest member while the set had i + 1 members
  private final int capacity;
  private long hash;
  private int size;
  private int low;

  LinearizedSet(int capacity) {
    this.capacity = capacity;
    bits = new long[(capacity + 63) >>> 6];
    zobrist = new long[capacity];
    highest = new int[capacity];
    Random random = new Random(0x5EEDL); // any fixed words will do: equal hashes are confirmed
    Arrays.setAll(zobrist, i -> random.nextLong());
  }

  void add(int op) {
    bits[op >>> 6] |= 1L << op;
    hash ^= zobrist[op];
    highest[size] = size == 0 ? op : Math.max(highest[size - 1], op);
    size++;
    while (low < capacity && (bits[low >>> 6] & (1L << low)) != 0) low++;
  }

  /** Removes the operation added last. */
  void remove(int op) {
    bits[op >>> 6] &= ~(1L << op);
    hash ^= zobrist[op];
    size--;
    low = Math.min(low, op);
  }

  int size() {
    return size;
  }

  long hash() {
    return hash;
  }

  /** The first word of the window: all bits before it are set. */
  int fromWord() {
    return low >>> 6;
  }

  /** One past the last word of the window: all bits from it on are clear. */
  int toWord() {
    return size == 0 ? fromWord() : Math.max(fromWord(), (highest[size - 1] >>> 6) + 1);
  }

  /** The live words; read only from {@link #fromWord()} to {@link #toWord()}. */
  long[] words() {
    return bits;
  }
}
