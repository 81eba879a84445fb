package io.akkaraft.kv;

import akka.actor.ExtendedActorSystem;
import akka.serialization.SerializerWithStringManifest;
import io.akkaraft.kv.KvProtocol.CompareAndSet;
import io.akkaraft.kv.KvProtocol.Delete;
import io.akkaraft.kv.KvProtocol.Get;
import io.akkaraft.kv.KvProtocol.KvResult;
import io.akkaraft.kv.KvProtocol.Put;
import io.akkaraft.serialization.BinaryReader;
import io.akkaraft.serialization.BinaryWriter;
import java.io.NotSerializableException;

/**
 * The binary form of the key-value commands, queries and results ({@code KvProtocol}): a write is in the log
 * once, read by every member as it applies it, and its result travels back to the node that took the
 * request. Log entries written earlier with Jackson stay readable with Jackson.
 */
public final class KvBinarySerializer extends SerializerWithStringManifest {
  /** Stored with every log entry; must never change. */
  public static final int IDENTIFIER = 7_341_003;

  public KvBinarySerializer(ExtendedActorSystem system) {}

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof Put) return "P";
    if (o instanceof KvResult) return "R";
    if (o instanceof Get) return "G";
    if (o instanceof Delete) return "D";
    if (o instanceof CompareAndSet) return "C";
    throw new IllegalArgumentException("cannot serialize " + o.getClass().getName());
  }

  @Override
  public byte[] toBinary(Object o) {
    if (o instanceof Put p) {
      BinaryWriter w = new BinaryWriter(p.key().length() + p.value().length + 8);
      w.writeString(p.key());
      w.writeBytes(p.value());
      return w.toByteArray();
    }
    if (o instanceof KvResult r) {
      BinaryWriter w = new BinaryWriter((r.value() == null ? 0 : r.value().length) + 8);
      w.writeBoolean(r.ok());
      w.writeNullableBytes(r.value());
      w.writeString(r.error());
      return w.toByteArray();
    }
    if (o instanceof CompareAndSet c) {
      BinaryWriter w = new BinaryWriter(c.key().length() + c.expected().length + c.value().length + 12);
      w.writeString(c.key());
      w.writeBytes(c.expected());
      w.writeBytes(c.value());
      return w.toByteArray();
    }
    BinaryWriter w = new BinaryWriter(32);
    if (o instanceof Get g) w.writeString(g.key());
    else if (o instanceof Delete d) w.writeString(d.key());
    else throw new IllegalArgumentException("cannot serialize " + o.getClass().getName());
    return w.toByteArray();
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    BinaryReader r = new BinaryReader(bytes);
    Object value = switch (manifest) {
      case "P" -> new Put(key(r), r.readBytes());
      case "R" -> new KvResult(r.readBoolean(), r.readNullableBytes(), r.readString());
      case "G" -> new Get(key(r));
      case "D" -> new Delete(key(r));
      case "C" -> new CompareAndSet(key(r), r.readBytes(), r.readBytes());
      default -> throw new NotSerializableException("unknown manifest '" + manifest + "' for " + getClass().getName());
    };
    r.expectEnd();
    return value;
  }

  /** Keys are never null; a null here means the bytes are not a key-value message. */
  private static String key(BinaryReader r) {
    String key = r.readString();
    if (key == null) throw new BinaryReader.MalformedInput("missing key");
    return key;
  }
}
