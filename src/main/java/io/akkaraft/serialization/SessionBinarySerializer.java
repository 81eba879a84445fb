package io.akkaraft.serialization;

import akka.actor.ExtendedActorSystem;
import akka.serialization.SerializerWithStringManifest;
import io.akkaraft.core.Payload;
import io.akkaraft.session.SessionProtocol.Applied;
import io.akkaraft.session.SessionProtocol.KeepAlive;
import io.akkaraft.session.SessionProtocol.OpenSession;
import io.akkaraft.session.SessionProtocol.ResultDiscarded;
import io.akkaraft.session.SessionProtocol.SessionAlive;
import io.akkaraft.session.SessionProtocol.SessionExpired;
import io.akkaraft.session.SessionProtocol.SessionOpened;
import io.akkaraft.session.SessionProtocol.SessionRequest;
import java.io.NotSerializableException;

/**
 * The binary form of the session layer's commands and results ({@code SessionProtocol}). Every client command
 * is a {@link SessionRequest} in the log: serialized once by the leader and read back by every member when it
 * applies it. The application command and result inside are written with whatever serializer Akka binds to
 * them. Log entries written earlier with Jackson stay readable with Jackson.
 */
public final class SessionBinarySerializer extends SerializerWithStringManifest {
  /** Stored with every log entry; must never change. */
  public static final int IDENTIFIER = 7_341_002;

  private final ExtendedActorSystem system;

  public SessionBinarySerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof SessionRequest) return "SR";
    if (o instanceof Applied) return "AP";
    if (o instanceof OpenSession) return "OS";
    if (o instanceof KeepAlive) return "KA";
    if (o instanceof SessionOpened) return "SO";
    if (o instanceof SessionAlive) return "SA";
    if (o instanceof SessionExpired) return "SE";
    if (o instanceof ResultDiscarded) return "RD";
    throw new IllegalArgumentException("cannot serialize " + o.getClass().getName());
  }

  @Override
  public byte[] toBinary(Object o) {
    BinaryWriter w = new BinaryWriter(o instanceof SessionRequest || o instanceof Applied ? 160 : 24);
    if (o instanceof SessionRequest r) {
      w.writeVarLong(r.sessionId());
      w.writeVarLong(r.seq());
      w.writeVarLong(r.lowestUnanswered());
      w.writePayload(payloadOf(r.command()));
    } else if (o instanceof Applied a) {
      w.writeVarLong(a.seq());
      w.writeVarLong(a.index());
      w.writeBoolean(a.duplicate());
      w.writePayload(payloadOf(a.result()));
    } else if (o instanceof OpenSession s) {
      w.writeString(s.clientName());
    } else if (o instanceof KeepAlive k) {
      w.writeVarLong(k.sessionId());
    } else if (o instanceof SessionOpened s) {
      w.writeVarLong(s.sessionId());
    } else if (o instanceof SessionAlive s) {
      w.writeVarLong(s.sessionId());
    } else if (o instanceof SessionExpired s) {
      w.writeVarLong(s.sessionId());
    } else if (o instanceof ResultDiscarded d) {
      w.writeVarLong(d.sessionId());
      w.writeVarLong(d.seq());
    } else {
      throw new IllegalArgumentException("cannot serialize " + o.getClass().getName());
    }
    return w.toByteArray();
  }

  private Payload payloadOf(Object value) {
    return value == null ? null : Payloads.encode(system, value);
  }

  private Object valueOf(Payload payload) {
    return payload == null ? null : Payloads.decode(system, payload);
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    BinaryReader r = new BinaryReader(bytes);
    Object value = switch (manifest) {
      case "SR" -> new SessionRequest(r.readVarLong(), r.readVarLong(), r.readVarLong(), valueOf(r.readPayload()));
      case "AP" -> readApplied(r);
      case "OS" -> new OpenSession(r.readString());
      case "KA" -> new KeepAlive(r.readVarLong());
      case "SO" -> new SessionOpened(r.readVarLong());
      case "SA" -> new SessionAlive(r.readVarLong());
      case "SE" -> new SessionExpired(r.readVarLong());
      case "RD" -> new ResultDiscarded(r.readVarLong(), r.readVarLong());
      default -> throw new NotSerializableException("unknown manifest '" + manifest + "' for " + getClass().getName());
    };
    r.expectEnd();
    return value;
  }

  private Applied readApplied(BinaryReader r) {
    long seq = r.readVarLong();
    long index = r.readVarLong();
    boolean duplicate = r.readBoolean();
    return new Applied(seq, index, valueOf(r.readPayload()), duplicate);
  }
}
