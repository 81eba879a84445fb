package io.akkaraft.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Takes an option's default from {@code akka-raft-node.<option name>} in application.conf, where each key
 * may in turn come from an environment variable ({@code RAFT_ID}, {@code RAFT_MEMBERS}, ...).
 */
public final class ConfigDefaults implements IDefaultValueProvider {
  private final Config config = ConfigFactory.load().getConfig("akka-raft-node");

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option)) return null;
    String key = option.longestName().replaceFirst("^--", "");
    if (!config.hasPath(key)) return null;
    // HOCON accepts on/off/yes/no for booleans; picocli only true/false
    if (option.type() == boolean.class || option.type() == Boolean.class) return String.valueOf(config.getBoolean(key));
    return config.getString(key);
  }
}
