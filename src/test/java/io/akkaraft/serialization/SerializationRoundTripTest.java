package io.akkaraft.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import akka.actor.ExtendedActorSystem;
import akka.serialization.Serialization;
import akka.serialization.Serialization$;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import akka.serialization.jackson.JacksonCborSerializer;
import io.akkaraft.CborSerializable;
import io.akkaraft.ClientProtocol;
import io.akkaraft.RaftCommand;
import io.akkaraft.core.PeerProtocol.PeerMessage;
import io.akkaraft.kv.KvBinarySerializer;
import io.akkaraft.kv.KvProtocol.Get;
import io.akkaraft.kv.KvProtocol.KvCommand;
import io.akkaraft.kv.KvProtocol.KvResult;
import io.akkaraft.session.SessionProtocol.SessionCommand;
import io.akkaraft.session.SessionProtocol.SessionResult;
import io.akkaraft.core.JournalEvent;
import io.akkaraft.testkit.TestConfigs;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message, event and value akka-raft serializes survives its serializer unchanged: Jackson CBOR
 * (Akka 2.6.21 pins Jackson 2.11, which predates record support), or the binary form of the Raft RPCs and
 * journal events. A new serializable type without a sample fails {@link
 * #everySerializableTypeHasASample}.
 */
class SerializationRoundTripTest {
  private static ActorTestKit kit;
  private static akka.actor.ActorSystem system;
  private static List<Object> samples;

  /**
   * Applications shipped beside the library (demo, benchmark): their commands are private to them and travel
   * inside a {@code Payload}; they are not akka-raft messages.
   */
  private static final List<String> APPLICATION_PACKAGES = List.of("io.akkaraft.demo.", "io.akkaraft.bench.");

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("serialization", TestConfigs.inMemory());
    system = kit.system().classicSystem();
    ActorRef<ClientProtocol.SubmitReply> submitReplies = kit.<ClientProtocol.SubmitReply>createTestProbe().getRef();
    ActorRef<ClientProtocol.Status> status = kit.<ClientProtocol.Status>createTestProbe().getRef();
    ActorRef<ClientProtocol.ReadReply> readReplies = kit.<ClientProtocol.ReadReply>createTestProbe().getRef();
    ActorRef<RaftCommand> member = kit.<RaftCommand>createTestProbe().getRef();
    samples = new ArrayList<>(Samples.all(system, new Samples.Refs(submitReplies, status, readReplies, member)));
    for (Class<?> type : serializableTypes()) {
      if (type.isEnum()) samples.addAll(Arrays.asList(type.getEnumConstants())); // no fields to forget
    }
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  static Stream<Arguments> samples() {
    return samples.stream().map(s -> Arguments.of(Named.of(s.getClass().getName() + " " + s, s)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  @DisplayName("Serialized with its bound serializer and deserialized to an equal value")
  void roundTripsThroughItsSerializer(Object sample) {
    Serialization serialization = SerializationExtension.get(system);
    Serializer serializer = serialization.findSerializerFor(sample);
    if (sample instanceof PeerMessage || sample instanceof JournalEvent) {
      assertInstanceOf(RaftBinarySerializer.class, serializer, "Raft RPCs and journal events: the binary form");
    } else if (sample instanceof SessionCommand || sample instanceof SessionResult) {
      assertInstanceOf(SessionBinarySerializer.class, serializer, "session commands and results: the binary form");
    } else if (sample instanceof KvCommand || sample instanceof Get || sample instanceof KvResult) {
      assertInstanceOf(KvBinarySerializer.class, serializer, "key-value commands and results: the binary form");
    } else {
      assertInstanceOf(JacksonCborSerializer.class, serializer, "bound to jackson-cbor via CborSerializable");
    }
    byte[] bytes = serialization.serialize(sample).get();
    Object back = serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, sample)).get();
    assertEquals(sample, back);
    assertEquals(sample.getClass(), back.getClass());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("journalEvents")
  @DisplayName("Journal events and logged commands written with Jackson CBOR before the binary forms still read back equal")
  void journalEventsWrittenWithJacksonStillReadBack(Object event) {
    Serializer jackson = SerializationExtension.get(system).serializerByIdentity().apply(JACKSON_CBOR_ID);
    Object back = readBack(writtenByJackson(event), Serializers.manifestFor(jackson, event));
    assertEquals(event, back);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("movedJournalEvents")
  @DisplayName("Journal events Jackson wrote under their old class name io.akkaraft.persistence.JournalEvent read back as the moved classes")
  void journalEventsWrittenUnderTheirOldClassNameStillReadBack(Object event) {
    Serializer jackson = SerializationExtension.get(system).serializerByIdentity().apply(JACKSON_CBOR_ID);
    String oldManifest = Serializers.manifestFor(jackson, event)
        .replace("io.akkaraft.core.JournalEvent", "io.akkaraft.persistence.JournalEvent");
    assertTrue(oldManifest.startsWith("io.akkaraft.persistence.JournalEvent$"), oldManifest);
    Object back = readBack(writtenByJackson(event), oldManifest);
    assertEquals(event, back);
    assertEquals(event.getClass(), back.getClass());
  }

  /** {@code value} as Jackson CBOR writes it when Akka runs it: with the system set, which nested payloads need. */
  private static byte[] writtenByJackson(Object value) {
    Serializer jackson = SerializationExtension.get(system).serializerByIdentity().apply(JACKSON_CBOR_ID);
    return Serialization$.MODULE$.withTransportInformation((ExtendedActorSystem) system, () -> jackson.toBinary(value));
  }

  private static Object readBack(byte[] bytes, String manifest) {
    return SerializationExtension.get(system).deserialize(bytes, JACKSON_CBOR_ID, manifest).get();
  }

  static Stream<Arguments> movedJournalEvents() {
    return samples().filter(a -> a.get()[0] instanceof Named<?> n && n.getPayload() instanceof JournalEvent);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("binarySamples")
  @DisplayName("A binary form refuses every truncation and trailing garbage instead of reading another value")
  void binaryFormsRefuseTruncatedOrPaddedInput(Object sample) {
    Serialization serialization = SerializationExtension.get(system);
    Serializer serializer = serialization.findSerializerFor(sample);
    String manifest = Serializers.manifestFor(serializer, sample);
    byte[] bytes = serialization.serialize(sample).get();
    for (int cut = 0; cut < bytes.length; cut++) {
      byte[] truncated = Arrays.copyOf(bytes, cut);
      assertTrue(serialization.deserialize(truncated, serializer.identifier(), manifest).isFailure(),
          "accepted the first " + cut + " of " + bytes.length + " bytes");
    }
    byte[] padded = Arrays.copyOf(bytes, bytes.length + 1);
    assertTrue(serialization.deserialize(padded, serializer.identifier(), manifest).isFailure(), "accepted padding");
  }

  static Stream<Arguments> binarySamples() {
    return samples().filter(a -> a.get()[0] instanceof Named<?> n
        && !(SerializationExtension.get(system).findSerializerFor(n.getPayload()) instanceof JacksonCborSerializer));
  }

  /** akka-serialization-jackson's identifier for jackson-cbor, stored with every event it wrote. */
  private static final int JACKSON_CBOR_ID = 33;

  /** Everything journals held in Jackson's form before the binary forms: events, and commands in log entries. */
  static Stream<Arguments> journalEvents() {
    return samples().filter(a -> a.get()[0] instanceof Named<?> n && (n.getPayload() instanceof JournalEvent
        || n.getPayload() instanceof SessionCommand || n.getPayload() instanceof SessionResult
        || n.getPayload() instanceof KvCommand || n.getPayload() instanceof KvResult));
  }

  @Test
  @DisplayName("A member's journal messages, timer ticks and election triggers have no serializer: no other process can deliver one")
  void internalMessagesCannotCrossTheNetwork() {
    Serialization serialization = SerializationExtension.get(system);
    for (Object local : Samples.localOnly(system)) {
      assertTrue(serialization.serialize(local).isFailure(), () -> local + " is serializable");
    }
  }

  @Test
  @DisplayName("Peer messages have one wire form: Jackson refuses to read one, so only the checked binary reader does")
  void jacksonRefusesPeerMessages() throws Exception {
    Serialization serialization = SerializationExtension.get(system);
    // What a forger would send: the record's fields in CBOR, under Jackson's id and the class as manifest.
    byte[] forged = new com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper().writeValueAsBytes(
        java.util.Map.of("term", 9, "from", "intruder", "lastLogIndex", 100, "lastLogTerm", 9));
    String manifest = io.akkaraft.core.PeerProtocol.RequestVote.class.getName();
    var read = serialization.deserialize(forged, JACKSON_CBOR_ID, manifest);
    assertTrue(read.isFailure(), "Jackson read a peer message");
    // Refused for its class, before any byte is parsed: not merely because these bytes happen not to parse.
    String why = read.failed().get().getMessage();
    assertTrue(why.contains("Only classes that are listed as allowed are allowed"), why);
  }

  @Test
  @DisplayName("Every concrete CborSerializable type of the main code has a round-trip sample")
  void everySerializableTypeHasASample() {
    Set<String> missing = new TreeSet<>();
    for (Class<?> type : serializableTypes()) if (!sampled(type)) missing.add(type.getName());
    assertEquals(Set.of(), missing, "add a sample to Samples for each new message type");
  }

  @Test
  @DisplayName("Every permitted subclass of a sealed serializable interface has a round-trip sample")
  void everyPermittedSubclassHasASample() {
    List<Class<?>> sealedRoots = serializableClasses().stream().filter(Class::isSealed).toList();
    assertTrue(sealedRoots.size() >= 7, "found only " + sealedRoots);
    Set<String> missing = new TreeSet<>();
    for (Class<?> root : sealedRoots) collectMissing(root, missing);
    assertEquals(Set.of(), missing);
  }

  private static void collectMissing(Class<?> type, Set<String> missing) {
    if (type.isSealed()) {
      for (Class<?> sub : type.getPermittedSubclasses()) collectMissing(sub, missing);
    } else if (!type.isInterface() && !sampled(type)) {
      missing.add(type.getName());
    }
  }

  private static boolean sampled(Class<?> type) {
    return samples.stream().anyMatch(s -> s.getClass() == type);
  }

  /** Concrete CborSerializable classes (records, enums) of the main code. */
  private static List<Class<?>> serializableTypes() {
    return serializableClasses().stream()
        .filter(c -> !c.isInterface() && !Modifier.isAbstract(c.getModifiers()))
        .toList();
  }

  /** Every class and interface of the library's main code that is CborSerializable, found on disk. */
  private static List<Class<?>> serializableClasses() {
    try {
      Path root = Path.of(CborSerializable.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      assertTrue(Files.isDirectory(root), "main classes expected in a directory: " + root);
      List<Path> files;
      try (Stream<Path> walk = Files.walk(root)) {
        files = walk.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList());
      }
      List<Class<?>> found = new ArrayList<>();
      for (Path file : files) {
        String name = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
        Class<?> c = Class.forName(name.substring(0, name.length() - ".class".length()), false,
            SerializationRoundTripTest.class.getClassLoader());
        boolean serializable = CborSerializable.class.isAssignableFrom(c) || PeerMessage.class.isAssignableFrom(c);
        if (serializable && c != CborSerializable.class
            && APPLICATION_PACKAGES.stream().noneMatch(c.getName()::startsWith)) {
          found.add(c);
        }
      }
      assertTrue(found.size() >= 30, "too few serializable types found, is the scan broken? " + found);
      return found;
    } catch (IOException | URISyntaxException | ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
