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
import java.util.Optional;
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

  /**
   * Settings renamed but still read under the older name: one setting with two keys. A layer that
   * sets either sets both (so {@code ./iot config} and every reader see one value); a layer that
   * sets both under the two names keeps the newer name's value.
   */
  public static final Map<String, String> OLDER_NAMES = Map.of("cassandra.ttl", "retention.raw");

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
      newerNamesWin(readFile(configFile))
          .forEach((key, value) -> put(values, sources, key, value, "file " + configFile));
    }
    Map<String, String> fromEnvironment = new LinkedHashMap<>();
    for (String key : knownKeys(values)) {
      String value = environment.get(environmentName(key));
      if (value != null && !value.isBlank()) {
        fromEnvironment.put(key, value.trim());
      }
    }
    newerNamesWin(fromEnvironment)
        .forEach((key, value) -> put(values, sources, key, value, "env " + environmentName(key)));
    newerNamesWin(flags)
        .forEach((key, value) -> put(values, sources, requireKnown(key, "flag"), value, "flag"));
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
    newerNamesWin(overrides)
        .forEach(
            (key, value) ->
                put(newValues, newSources, requireKnown(key, "override"), value, "override"));
    return new Settings(newValues, newSources);
  }

  /**
   * The local-stack layer applied: between the defaults and the file, so a file, environment
   * variable or flag that names a setting still wins. A key nobody set (still its default) follows
   * the local stack: the node count the data dir's stack remembers ({@link
   * StackSettings#LAYOUT_FILE}), the client addresses of every node on the stack's ports, and with
   * several nodes replication factor 3 and smaller heaps. Its source names what it follows, e.g.
   * {@code local stack (stack.kafka-port)}.
   */
  public Settings withLocalStack() {
    Map<String, String> newValues = new LinkedHashMap<>(values);
    Map<String, String> newSources = new LinkedHashMap<>(sources);
    Path dataDir = Path.of(get("data-dir"));
    Optional<StackSettings.Layout> remembered = StackSettings.rememberedLayout(dataDir);
    String rememberedSource = "local stack (" + dataDir.resolve(StackSettings.LAYOUT_FILE) + ")";
    if (remembered.isPresent()) {
      if (source("stack.nodes").equals("default")) {
        put(
            newValues,
            newSources,
            "stack.nodes",
            Integer.toString(remembered.get().nodes()),
            rememberedSource);
      }
      if (source("stack.security").equals("default")) {
        put(
            newValues,
            newSources,
            "stack.security",
            remembered.get().secure() ? "on" : "off",
            rememberedSource);
      }
    }
    Settings layered = new Settings(newValues, newSources);
    int nodes = layered.getInt("stack.nodes");
    Map<String, Implied> implied = new LinkedHashMap<>();
    implied.put(
        "kafka.bootstrap",
        new Implied(
            StackSettings.everyNode(nodes, getInt("stack.kafka-port")), "stack.kafka-port"));
    implied.put(
        "cassandra.contact-points",
        new Implied(
            StackSettings.everyNode(nodes, getInt("stack.cassandra-port")),
            "stack.cassandra-port"));
    if (nodes > 1) {
      String factor = Integer.toString(StackSettings.replicationFactor(nodes));
      implied.put("kafka.replication-factor", new Implied(factor, "stack.nodes"));
      implied.put("cassandra.replication-factor", new Implied(factor, "stack.nodes"));
      // Several of each engine share the machine: ccm-sized nodes (see docs/cluster.md).
      implied.put("stack.kafka-heap", new Implied("512m", "stack.nodes"));
      implied.put("stack.cassandra-heap", new Implied("1g", "stack.nodes"));
    }
    implied.forEach(
        (key, value) -> {
          if (source(key).equals("default")) {
            put(newValues, newSources, key, value.value(), "local stack (" + value.follows() + ")");
          }
        });
    return new Settings(newValues, newSources);
  }

  /**
   * The settings of one component of the pipeline ({@code admin}, {@code simulator}, {@code
   * ingest}, {@code analytics}, {@code api}): on a secure local stack, its credentials from {@code
   * <data-dir>/secrets/<component>.properties} take the place of the defaults, below any file,
   * environment or flag value. Elsewhere the settings are returned unchanged.
   */
  public Settings asComponent(String component) {
    if (!getBoolean("stack.security")) {
      return this;
    }
    Path file =
        StackSettings.secretsDir(Path.of(get("data-dir"))).resolve(component + ".properties");
    if (!Files.isRegularFile(file)) {
      return this;
    }
    Map<String, String> newValues = new LinkedHashMap<>(values);
    Map<String, String> newSources = new LinkedHashMap<>(sources);
    readFile(file)
        .forEach(
            (key, value) -> {
              String current = source(requireKnown(key, "file " + file));
              if (current.equals("default") || current.startsWith(LOCAL_STACK_SOURCE)) {
                put(newValues, newSources, key, value, LOCAL_STACK_SOURCE + " (" + file + ")");
              }
            });
    return new Settings(newValues, newSources);
  }

  private static final String LOCAL_STACK_SOURCE = "local stack";

  /** A value the local stack implies and the setting it follows from. */
  private record Implied(String value, String follows) {}

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
    values.forEach(
        (key, value) -> described.put(key, shown(key, value) + "    (" + source(key) + ")"));
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
    String other = partner(key);
    if (other != null) {
      values.put(other, value);
      sources.put(other, source.equals("default") ? source : source + " (as " + key + ")");
    }
  }

  /** The other name of a renamed setting, or null. */
  private static String partner(String key) {
    String newer = OLDER_NAMES.get(key);
    if (newer != null) {
      return newer;
    }
    for (Map.Entry<String, String> names : OLDER_NAMES.entrySet()) {
      if (names.getValue().equals(key)) {
        return names.getKey();
      }
    }
    return null;
  }

  /** One layer without the older names that the same layer also gives under the newer name. */
  private static Map<String, String> newerNamesWin(Map<String, String> layer) {
    Map<String, String> kept = new LinkedHashMap<>(layer);
    OLDER_NAMES.forEach(
        (older, newer) -> {
          if (layer.containsKey(newer)) {
            kept.remove(older);
          }
        });
    return kept;
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

  /**
   * Whether a key holds a secret (a password, a token, a JAAS configuration): such values are never
   * shown, only whether they are set.
   */
  public static boolean isSecret(String key) {
    return key.endsWith(".password") || key.endsWith(".token") || key.endsWith("jaas-config");
  }

  private static String shown(String key, String value) {
    if (!isSecret(key)) {
      return value;
    }
    return value.isEmpty() ? "(not set)" : "******** (set)";
  }
}
