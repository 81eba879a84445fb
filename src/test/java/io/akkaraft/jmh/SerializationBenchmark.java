package io.akkaraft.jmh;

import akka.actor.ActorSystem;
import akka.actor.ExtendedActorSystem;
import akka.serialization.Serialization;
import akka.serialization.Serialization$;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.akkaraft.core.LogEntry;
import io.akkaraft.core.Payload;
import io.akkaraft.core.PeerProtocol.AppendEntries;
import io.akkaraft.core.JournalEvent.EntriesAppended;
import io.akkaraft.kv.KvProtocol.Put;
import io.akkaraft.serialization.RaftBinarySerializer;
import io.akkaraft.serialization.SessionBinarySerializer;
import io.akkaraft.session.SessionProtocol.SessionRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Jackson CBOR against the binary forms for the hottest values: an AppendEntries and the journal event of a
 * batch of commands, each with {@code entries} commands of 100 bytes, and one client write as it is logged
 * (round trip: to bytes and back).
 * Run with {@code mvn -q -B test-compile exec:exec@jmh -Djmh.args=SerializationBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SerializationBenchmark {
  private static final int JACKSON_CBOR = 33;

  /**
   * Only the libraries' reference.conf and the key-value bindings, never the node's application.conf: a
   * local provider binds no port, so a run cannot collide with anything else on the machine. The measured classes are bound to Jackson
   * here by name (Jackson serializes only what is bound to it), so the comparison does not depend on which
   * marker interfaces they implement; the serializers under test are picked by identifier anyway.
   */
  private static final Config BENCHMARK_CONFIG = ConfigFactory.parseString("""
      akka.loglevel = WARNING
      akka.actor.provider = local
      akka.actor.allow-java-serialization = off
      akka.actor.serialization-bindings {
        "io.akkaraft.core.PeerProtocol$AppendEntries" = jackson-cbor
        "io.akkaraft.core.JournalEvent$EntriesAppended" = jackson-cbor
        "io.akkaraft.session.SessionProtocol$SessionRequest" = jackson-cbor
      }
      """).withFallback(ConfigFactory.parseResources("akka-raft-kv.conf"))
      .withFallback(ConfigFactory.defaultReference()).resolve();

  @Param({"1", "64"})
  public int entries;

  private ExtendedActorSystem system;
  private Serialization serialization;
  private Serializer jackson;
  Serializer binary;
  AppendEntries append;
  EntriesAppended event;
  Serializer sessionBinary;
  SessionRequest request;

  @Setup
  public void setUp() {
    system = (ExtendedActorSystem) ActorSystem.create("jmh", BENCHMARK_CONFIG);
    serialization = SerializationExtension.get(system);
    jackson = serialization.serializerByIdentity().apply(JACKSON_CBOR);
    binary = serialization.serializerByIdentity().apply(RaftBinarySerializer.IDENTIFIER);
    sessionBinary = serialization.serializerByIdentity().apply(SessionBinarySerializer.IDENTIFIER);
    request = new SessionRequest(17, 1234, 1200, new Put("key-00042", new byte[100]));
    List<LogEntry> batch = new ArrayList<>();
    for (int i = 1; i <= entries; i++) {
      batch.add(LogEntry.command(7, 1000 + i,
          new Payload(JACKSON_CBOR, "io.akkaraft.session.SessionProtocol$SessionRequest", new byte[100])));
    }
    append = new AppendEntries(7, "n1", 1000, 7, batch, 999, 12);
    event = new EntriesAppended(batch);
  }

  @TearDown
  public void tearDown() {
    system.terminate();
    // The next trial's system starts only once this one is gone.
    system.getWhenTerminated().toCompletableFuture().join();
  }

  /** To bytes and back, as Artery and the journal do it: through the Serialization extension. */
  private Object roundTrip(Serializer serializer, Object value) {
    byte[] bytes = Serialization$.MODULE$.withTransportInformation(system, () -> serializer.toBinary(value));
    return serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, value)).get();
  }

  @Benchmark
  public Object appendEntriesJackson() {
    return roundTrip(jackson, append);
  }

  @Benchmark
  public Object appendEntriesBinary() {
    return roundTrip(binary, append);
  }

  /** One client write as the leader logs it: a session request around a 100-byte put (entries unused). */
  @Benchmark
  public Object sessionRequestJackson() {
    return roundTrip(jackson, request);
  }

  @Benchmark
  public Object sessionRequestBinary() {
    return roundTrip(sessionBinary, request);
  }

  @Benchmark
  public Object entriesAppendedJackson() {
    return roundTrip(jackson, event);
  }

  @Benchmark
  public Object entriesAppendedBinary() {
    return roundTrip(binary, event);
  }
}
