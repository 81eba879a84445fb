package io.akkaraft.serialization;

import io.akkaraft.core.Payload;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what {@link BinaryWriter} wrote. Every length is checked against the bytes left, so corrupt or
 * hostile input fails with a {@link MalformedInput} instead of a huge allocation or a wrong value.
 */
public final class BinaryReader {
  /** The bytes do not hold what their manifest says. */
  public static final class MalformedInput extends RuntimeException {
    public MalformedInput(String message) {
      super(message);
    }
  }

  private final byte[] bytes;
  private int position;

  public BinaryReader(byte[] bytes) {
    this.bytes = bytes;
  }

  public int readByte() {
    if (position >= bytes.length) throw new MalformedInput("truncated at byte " + position);
    return bytes[position++] & 0xFF;
  }

  public long readVarLong() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) return value;
    }
    throw new MalformedInput("variable-length number longer than 10 bytes at byte " + position);
  }

  /** A count or length: non-negative and at most {@code Integer.MAX_VALUE}. */
  public int readVarInt() {
    long value = readVarLong();
    if (value < 0 || value > Integer.MAX_VALUE) throw new MalformedInput("count out of range: " + value);
    return (int) value;
  }

  public int readSignedVarInt() {
    long zigzag = readVarLong();
    if (zigzag < 0 || zigzag > 0xFFFFFFFFL) throw new MalformedInput("int out of range: " + zigzag);
    int value = (int) zigzag;
    return (value >>> 1) ^ -(value & 1);
  }

  public boolean readBoolean() {
    int b = readByte();
    if (b > 1) throw new MalformedInput("boolean byte " + b);
    return b == 1;
  }

  public String readString() {
    int lengthPlusOne = readVarInt();
    if (lengthPlusOne == 0) return null;
    int length = lengthPlusOne - 1;
    require(length);
    String value = new String(bytes, position, length, StandardCharsets.UTF_8);
    position += length;
    return value;
  }

  public byte[] readBytes() {
    int length = readVarInt();
    require(length);
    byte[] value = Arrays.copyOfRange(bytes, position, position + length);
    position += length;
    return value;
  }

  public byte[] readNullableBytes() {
    int lengthPlusOne = readVarInt();
    if (lengthPlusOne == 0) return null;
    int length = lengthPlusOne - 1;
    require(length);
    byte[] value = Arrays.copyOfRange(bytes, position, position + length);
    position += length;
    return value;
  }

  /** What {@link BinaryWriter#writePayload} wrote. */
  public Payload readPayload() {
    if (!readBoolean()) return null;
    int serializerId = readSignedVarInt();
    String manifest = readString();
    if (manifest == null) throw new MalformedInput("payload without a manifest");
    return new Payload(serializerId, manifest, readBytes());
  }

  /** A count of items that each take at least one byte: more than the bytes left means corrupt input. */
  public int readCount() {
    int count = readVarInt();
    require(count);
    return count;
  }

  public void expectEnd() {
    if (position != bytes.length) throw new MalformedInput((bytes.length - position) + " unexpected trailing bytes");
  }

  private void require(int length) {
    if (length > bytes.length - position) {
      throw new MalformedInput("length " + length + " exceeds the " + (bytes.length - position) + " bytes left");
    }
  }
}
