package io.iotpipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @TempDir Path directory;

  private Path configFile(String content) throws IOException {
    Path file = directory.resolve("iot.properties");
    Files.writeString(file, content);
    return file;
  }

  @Test
  void defaultsPointAtTheLocalStack() {
    Settings settings = Settings.defaults();

    assertThat(KafkaSettings.from(settings).bootstrap()).isEqualTo("127.0.0.1:9092");
    assertThat(KafkaSettings.from(settings).topic()).isEqualTo("iotdata");
    assertThat(CassandraSettings.from(settings).keyspace()).isEqualTo("iot_keyspace");
    assertThat(settings.source("kafka.bootstrap")).isEqualTo("default");
  }

  @Test
  void fileOverridesDefaultsEnvironmentOverridesFileFlagsOverrideEverything() throws IOException {
    Path file =
        configFile(
            """
        kafka.bootstrap=file:9092
        cassandra.dc=file-dc
        kafka.partitions=3
        data-dir=/from/file
        """);
    Map<String, String> environment =
        Map.of(
            "IOT_CASSANDRA_DC", "env-dc",
            "IOT_KAFKA_PARTITIONS", "4",
            "IOT_DATA_DIR", "/from/env");
    Map<String, String> flags = Map.of("kafka.partitions", "5");

    Settings settings = Settings.load(file, environment, flags);

    assertThat(settings.get("kafka.bootstrap")).isEqualTo("file:9092");
    assertThat(settings.get("cassandra.dc")).isEqualTo("env-dc");
    assertThat(settings.getInt("kafka.partitions")).isEqualTo(5);
    assertThat(settings.get("data-dir")).isEqualTo("/from/env");
    assertThat(settings.source("kafka.bootstrap")).startsWith("file ");
    assertThat(settings.source("cassandra.dc")).isEqualTo("env IOT_CASSANDRA_DC");
    assertThat(settings.source("kafka.partitions")).isEqualTo("flag");
  }

  @Test
  void environmentNamesFollowTheKey() {
    assertThat(Settings.environmentName("cassandra.contact-points"))
        .isEqualTo("IOT_CASSANDRA_CONTACT_POINTS");
    assertThat(Settings.environmentName("kafka.bootstrap")).isEqualTo("IOT_KAFKA_BOOTSTRAP");
  }

  @Test
  void blankEnvironmentValuesAreIgnored() {
    Settings settings = Settings.load(null, Map.of("IOT_KAFKA_BOOTSTRAP", "  "), Map.of());

    assertThat(settings.get("kafka.bootstrap")).isEqualTo("127.0.0.1:9092");
  }

  @Test
  void unknownKeysInFileOrFlagsAreRejectedWithTheKnownOnes() throws IOException {
    Path file = configFile("kafka.bootstrapp=typo:9092\n");

    assertThatThrownBy(() -> Settings.load(file, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown setting 'kafka.bootstrapp'")
        .hasMessageContaining("kafka.bootstrap");
    assertThatThrownBy(() -> Settings.load(null, Map.of(), Map.of("nope", "1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown setting 'nope'");
  }

  @Test
  void malformedValuesNameTheKeyAndTheirSource() {
    Settings settings = Settings.load(null, Map.of("IOT_KAFKA_PARTITIONS", "six"), Map.of());

    assertThatThrownBy(() -> KafkaSettings.from(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.partitions")
        .hasMessageContaining("env IOT_KAFKA_PARTITIONS")
        .hasMessageContaining("integer");
  }

  @Test
  void missingConfigFileIsAClearError() {
    assertThatThrownBy(
            () -> Settings.load(directory.resolve("absent.properties"), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not readable");
  }

  @Test
  void parsesContactPointsAndDurations() {
    Settings settings =
        Settings.defaults()
            .with(
                Map.of(
                    "cassandra.contact-points", "10.0.0.1:9042, node2:19042,node3",
                    "cassandra.ttl", "30d",
                    "cassandra.request-timeout", "1500ms"));

    CassandraSettings cassandra = CassandraSettings.from(settings);

    assertThat(cassandra.contactPoints())
        .extracting(a -> a.getHostString() + ":" + a.getPort())
        .containsExactly("10.0.0.1:9042", "node2:19042", "node3:9042");
    assertThat(cassandra.defaultTtl()).isEqualTo(Duration.ofDays(30));
    assertThat(cassandra.requestTimeout()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void rejectsKeyspaceNamesThatWouldBreakCql() {
    Settings settings = Settings.defaults().with(Map.of("cassandra.keyspace", "x; DROP TABLE y"));

    assertThatThrownBy(() -> CassandraSettings.from(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cassandra.keyspace");
  }

  @Test
  void stackSettingsResolveTheDataDirAndClientAddresses() {
    StackSettings stack =
        StackSettings.from(
            Settings.defaults()
                .with(Map.of("data-dir", "relative/dir", "stack.kafka-port", "19092")));

    assertThat(stack.dataDir().isAbsolute()).isTrue();
    assertThat(stack.dataDir().endsWith(Path.of("relative/dir"))).isTrue();
    assertThat(stack.kafkaBootstrap()).isEqualTo("127.0.0.1:19092");
  }

  @Test
  void durationsAcceptHumanUnitsAndIso() {
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse("PT5M")).isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(() -> Durations.parse("soon")).isInstanceOf(IllegalArgumentException.class);
    assertThat(Durations.format(Duration.ofSeconds(192))).isEqualTo("3m12s");
  }

  @Test
  void theLocalStackLayerPointsUnsetClientsAtTheStackPortsAndNamesItself() {
    Settings settings =
        Settings.load(
                null,
                Map.of(),
                Map.of("stack.kafka-port", "19092", "stack.cassandra-port", "19042"))
            .withLocalStack();

    assertThat(settings.get("kafka.bootstrap")).isEqualTo("127.0.0.1:19092");
    assertThat(settings.source("kafka.bootstrap")).isEqualTo("local stack (stack.kafka-port)");
    assertThat(settings.get("cassandra.contact-points")).isEqualTo("127.0.0.1:19042");
    assertThat(settings.describe().get("kafka.bootstrap"))
        .isEqualTo("127.0.0.1:19092    (local stack (stack.kafka-port))");
  }

  @Test
  void aFileEnvironmentOrFlagStillWinsOverTheLocalStackLayer() throws IOException {
    Path file = configFile("kafka.bootstrap=file:9092\nstack.kafka-port=19092\n");

    Settings settings =
        Settings.load(file, Map.of("IOT_CASSANDRA_CONTACT_POINTS", "env:9042"), Map.of())
            .withLocalStack();

    assertThat(settings.get("kafka.bootstrap")).isEqualTo("file:9092");
    assertThat(settings.source("kafka.bootstrap")).startsWith("file ");
    assertThat(settings.get("cassandra.contact-points")).isEqualTo("env:9042");
  }

  @Test
  void aSettingsFileRoundTripsEveryValueAndIsOwnerOnly() throws IOException {
    Settings written =
        Settings.defaults()
            .with(
                Map.of(
                    "kafka.topic",
                    "a topic=with:odd#chars",
                    "api.token",
                    "s3cret",
                    "analytics.watermark",
                    "45s"));

    Path file = SettingsFile.write(written, directory.resolve("run"), "child-");
    Settings read = SettingsFile.read(file, Map.of());

    assertThat(read.values()).isEqualTo(written.values());
    assertThat(file.getParent()).isEqualTo(directory.resolve("run"));
    assertThat(Files.getPosixFilePermissions(file))
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
  }

  @Test
  void readingASettingsFileDoesNotApplyTheEnvironmentAgainButFlagsGoOnTop() throws IOException {
    // The parent resolved env and flags already; a flag of the parent beat its environment.
    Path file =
        SettingsFile.write(
            Settings.defaults().with(Map.of("kafka.topic", "from-parent")), directory, "child-");

    Settings read = SettingsFile.read(file, Map.of("cassandra.dc", "dc-flag"));

    assertThat(read.get("kafka.topic")).isEqualTo("from-parent");
    assertThat(read.get("cassandra.dc")).isEqualTo("dc-flag");
  }
}
