package io.akkaraft.serialization;

import io.akkaraft.core.Payload;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array written with variable-length integers and length-prefixed strings and bytes. */
public final class BinaryWriter {
  private byte[] buffer;
  private int size;

  public BinaryWriter(int initialCapacity) {
    buffer = new byte[Math.max(16, initialCapacity)];
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }

  public void writeByte(int b) {
    ensure(1);
    buffer[size++] = (byte) b;
  }

  /** Unsigned LEB128: small non-negative numbers (indices, terms, counts) take one or two bytes. */
  public void writeVarLong(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      buffer[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buffer[size++] = (byte) value;
  }

  public void writeVarInt(int value) {
    writeVarLong(value & 0xFFFFFFFFL);
  }

  /** Any int, negative ones included (zig-zag: small magnitudes stay short). */
  public void writeSignedVarInt(int value) {
    writeVarLong(((value << 1) ^ (value >> 31)) & 0xFFFFFFFFL);
  }

  public void writeBoolean(boolean value) {
    writeByte(value ? 1 : 0);
  }

  /** A string, or null: its UTF-8 length + 1 (0 for null), then the bytes. */
  public void writeString(String value) {
    if (value == null) {
      writeVarInt(0);
      return;
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    writeVarInt(utf8.length + 1);
    writeRaw(utf8);
  }

  public void writeBytes(byte[] bytes) {
    writeVarInt(bytes.length);
    writeRaw(bytes);
  }

  /** Bytes or null: length + 1 (0 for null), then the bytes. */
  public void writeNullableBytes(byte[] bytes) {
    if (bytes == null) {
      writeVarInt(0);
      return;
    }
    writeVarInt(bytes.length + 1);
    writeRaw(bytes);
  }

  /** An application object already in Akka's serialized form, or null. */
  public void writePayload(Payload payload) {
    writeBoolean(payload != null);
    if (payload == null) return;
    writeSignedVarInt(payload.serializerId());
    writeString(payload.manifest());
    writeBytes(payload.bytes());
  }

  private void writeRaw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, size, bytes.length);
    size += bytes.length;
  }

  private void ensure(int more) {
    if (size + more > buffer.length) buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
  }
}
