package io.akkaraft.persistence;

import akka.serialization.jackson.JacksonMigration;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads journal events that Jackson wrote while they were {@code io.akkaraft.persistence.JournalEvent}: they
 * moved to {@code io.akkaraft.core.JournalEvent}, since the rules produce them, and their JSON is unchanged.
 * Bound to each old class name in {@code reference.conf}; version 2 only so that Jackson asks for the new name.
 */
public final class JournalEventMoved extends JacksonMigration {
  private static final String OLD = "io.akkaraft.persistence.JournalEvent";
  private static final String NEW = "io.akkaraft.core.JournalEvent";

  @Override
  public int currentVersion() {
    return 2;
  }

  @Override
  public String transformClassName(int fromVersion, String className) {
    return className.startsWith(OLD) ? NEW + className.substring(OLD.length()) : className;
  }

  @Override
  public JsonNode transform(int fromVersion, JsonNode json) {
    return json;
  }
}
