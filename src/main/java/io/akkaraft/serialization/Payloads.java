package io.akkaraft.serialization;

import akka.actor.ActorSystem;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializers;
import io.akkaraft.core.Payload;

/** Application objects to {@link Payload}s and back with Akka serialization, which the pure core knows nothing of. */
public final class Payloads {
  private Payloads() {}

  /** Serializes {@code value} with whatever serializer Akka binds to its class. */
  public static Payload encode(ActorSystem system, Object value) {
    Serialization serialization = SerializationExtension.get(system);
    var serializer = serialization.findSerializerFor(value);
    byte[] bytes = serialization.serialize(value).get();
    return new Payload(serializer.identifier(), Serializers.manifestFor(serializer, value), bytes);
  }

  /** The application object again, deserialized with the serializer that wrote it. */
  public static Object decode(ActorSystem system, Payload payload) {
    return SerializationExtension.get(system)
        .deserialize(payload.bytes(), payload.serializerId(), payload.manifest()).get();
  }
}
