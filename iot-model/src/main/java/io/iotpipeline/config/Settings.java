package io.iotpipeline.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * All configuration, flattened to {@code key=value} pairs, in one place with one precedence:
 * built-in defaults, then a config file ({@code --config}, Java properties format), then the
 * environment ({@code IOT_} + the key upper-cased with dots and dashes as underscores, e.g. {@code
 * kafka.bootstrap} is {@code IOT_KAFKA_BOOTSTRAP}), then command-line flags.
 *
 * <p>One more layer sits just above the defaults when the pipeline runs against the local stack
 * ({@link #withLocalStack()}): every command, {@code ./iot config} and the test kit apply it alike.
 *
 * <p>Components never read this directly: each turns it into its own typed record once, at the edge
 * ({@link KafkaSettings#from}, {@link CassandraSettings#from}, {@link StackSettings#from}).
 */
public final class Settings {

  public static final String ENV_PREFIX = "IOT_";

  private final Map<String, String> values;
  private final Map<String, String> sources;

  private Settings(Map<String, String> values, Map<String, String> sources) {
    this.values = Map.copyOf(values);
    this.sources = Map.copyOf(sources);
  }

  /** Loads the layers in precedence order; any of them may be empty. */
  public static Settings load(
      Path configFile, Map<String, String> environment, Map<String, String> flags) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    Defaults.VALUES.forEach((key, value) -> put(values, sources, key, value, "default"));
    if (configFile != null) {
      readFile(configFile)
          .forEach((key, value) -> put(values, sources, key, value, "file " + configFile));
    }
    for (String key : knownKeys(values)) {
      String fromEnvironment = environment.get(environmentName(key));
      if (fromEnvironment != null && !fromEnvironment.isBlank()) {
        put(values, sources, key, fromEnvironment.trim(), "env " + environmentName(key));
      }
    }
    flags.forEach((key, value) -> put(values, sources, requireKnown(key, "flag"), value, "flag"));
    return new Settings(values, sources);
  }

  /** Defaults only: what a test or an embedded component starts from. */
  public static Settings defaults() {
    return load(null, Map.of(), Map.of());
  }

  /** A copy with some keys replaced, e.g. a test's own topic or keyspace. */
  public Settings with(Map<String, String> overrides) {
    Map<String, String> newValues = new LinkedHashMap<>(values);
    Map<String, String> newSources = new LinkedHashMap<>(sources);
    overrides.forEach(
        (key, value) ->
            put(newValues, newSources, requireKnown(key, "override"), value, "override"));
    return new Settings(newValues, newSources);
  }

  /**
   * The client settings the local stack implies, each from the stack port it follows: a client key
   * nobody set (still its default) points at the local stack, wherever its ports were moved.
   */
  private static final Map<String, String> LOCAL_STACK_KEYS =
      Map.of(
          "kafka.bootstrap", "stack.kafka-port",
          "cassandra.contact-points", "stack.cassandra-port");

  /**
   * The local-stack layer applied: between the defaults and the file, so a file, environment
   * variable or flag that names a client setting still wins. Its source names the stack key it
   * follows, e.g. {@code local stack (stack.kafka-port)}.
   */
  public Settings withLocalStack() {
    Map<String, String> newValues = new LinkedHashMap<>(values);
    Map<String, String> newSources = new LinkedHashMap<>(sources);
    LOCAL_STACK_KEYS.forEach(
        (client, port) -> {
          if (source(client).equals("default")) {
            put(
                newValues,
                newSources,
                client,
                StackSettings.loopback(getInt(port)),
                "local stack (" + port + ")");
          }
        });
    return new Settings(newValues, newSources);
  }

  /** Every value, unsorted: what a child JVM receives as its settings file. */
  public Map<String, String> values() {
    return values;
  }

  public static String environmentName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  public String get(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new ConfigException("missing setting '" + key + "' (env " + environmentName(key) + ")");
    }
    return value;
  }

  public String source(String key) {
    return sources.getOrDefault(key, "unset");
  }

  public int getInt(String key) {
    String value = get(key);
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw invalid(key, value, "an integer");
    }
  }

  public long getLong(String key) {
    String value = get(key);
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw invalid(key, value, "an integer");
    }
  }

  public boolean getBoolean(String key) {
    String value = get(key).trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw invalid(key, value, "true or false");
    };
  }

  /** Durations as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 90d} or ISO-8601. */
  public Duration getDuration(String key) {
    String value = get(key).trim();
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw invalid(key, value, "a duration like 500ms, 30s, 5m, 2h or 90d");
    }
  }

  public List<String> getList(String key) {
    return Arrays.stream(get(key).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** Every setting with where it came from, sorted by key: for {@code iot config}. */
  public Map<String, String> describe() {
    Map<String, String> described = new TreeMap<>();
    values.forEach((key, value) -> described.put(key, value + "    (" + source(key) + ")"));
    return described;
  }

  private ConfigException invalid(String key, String value, String expected) {
    return new ConfigException(
        "setting '" + key + "' = '" + value + "' from " + source(key) + " must be " + expected);
  }

  private static void put(
      Map<String, String> values,
      Map<String, String> sources,
      String key,
      String value,
      String source) {
    values.put(key, value);
    sources.put(key, source);
  }

  private static String requireKnown(String key, String source) {
    if (!Defaults.VALUES.containsKey(key)) {
      throw new ConfigException(
          "unknown setting '"
              + key
              + "' ("
              + source
              + "); known: "
              + String.join(", ", new TreeMap<>(Defaults.VALUES).keySet()));
    }
    return key;
  }

  private static Iterable<String> knownKeys(Map<String, String> values) {
    return List.copyOf(values.keySet());
  }

  private static Map<String, String> readFile(Path configFile) {
    if (!Files.isReadable(configFile)) {
      throw new ConfigException("config file not readable: " + configFile.toAbsolutePath());
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(configFile)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + configFile + ": " + e.getMessage());
    }
    Map<String, String> read = new LinkedHashMap<>();
    for (String name : properties.stringPropertyNames()) {
      read.put(requireKnown(name, "in " + configFile), properties.getProperty(name).trim());
    }
    return read;
  }
}
