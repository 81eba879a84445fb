package io.akkaraft.core;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.akkaraft.CborSerializable;
import java.util.Arrays;

/**
 * An application object in Akka's serialized form. Log entries carry commands this way, so a command is
 * serialized once at the leader and then copied, not re-serialized, into every AppendEntries and journal
 * write. Akka serialization makes and reads them outside the core ({@code io.akkaraft.serialization.Payloads}).
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY) // one per log entry: no field names
@JsonPropertyOrder({"serializerId", "manifest", "bytes"})
public record Payload(int serializerId, String manifest, byte[] bytes) implements CborSerializable {

  /**
   * Bytes this payload adds to a message, at most: used to bound AppendEntries batches and reject big
   * commands, so it must not undercount. Either form a payload is written in needs at most 16 bytes besides
   * the bytes and the manifest's UTF-8: RaftBinarySerializer a zig-zag varint serializer id and varint
   * lengths of manifest and bytes (5 each), Jackson CBOR (AkkaObjectJson) an array header (1), the id (5)
   * and the string and binary headers (5 each).
   */
  public int sizeBytes() {
    return bytes.length + utf8Length(manifest) + 16;
  }

  private static int utf8Length(String s) {
    int length = s.length();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80) length += c >= 0x800 && !Character.isSurrogate(c) ? 2 : 1; // a surrogate pair: 4 bytes
    }
    return length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Payload p
        && p.serializerId == serializerId
        && p.manifest.equals(manifest)
        && Arrays.equals(p.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * serializerId + manifest.hashCode()) + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Payload(" + serializerId + "," + manifest + "," + bytes.length + " bytes)";
  }
}
