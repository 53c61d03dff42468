package io.iotpipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SecuritySettingsTest {

  private static Settings settings(Map<String, String> values) {
    return Settings.defaults().with(values);
  }

  @Test
  void byDefaultKafkaClientsConnectInPlaintextWithoutCredentials() {
    KafkaSettings kafka = KafkaSettings.from(Settings.defaults());

    assertThat(kafka.clientConfig())
        .containsEntry("bootstrap.servers", "127.0.0.1:9092")
        .containsEntry("security.protocol", "PLAINTEXT")
        .doesNotContainKeys("sasl.mechanism", "sasl.jaas.config", "ssl.truststore.location");
  }

  @Test
  void saslSslCarriesTheLoginAndTheTruststore() {
    KafkaSettings kafka =
        KafkaSettings.from(
            settings(
                Map.of(
                    "kafka.security.protocol", "sasl_ssl",
                    "kafka.sasl.username", "iot_ingest",
                    "kafka.sasl.password", "p\"w\\1",
                    "kafka.ssl.truststore.location", "/s/truststore.p12",
                    "kafka.ssl.truststore.password", "tpw")));

    assertThat(kafka.clientConfig())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"iot_ingest\" password=\"p\\\"w\\\\1\";")
        .containsEntry("ssl.truststore.location", "/s/truststore.p12")
        .containsEntry("ssl.truststore.password", "tpw")
        .containsEntry("ssl.truststore.type", "PKCS12");
  }

  @Test
  void aJaasConfigGivenWholeIsPassedAsIs() {
    String jaas = "org.example.TokenLoginModule required token=\"t\";";
    KafkaSecurity security =
        KafkaSecurity.from(
            settings(
                Map.of(
                    "kafka.security.protocol", "SASL_PLAINTEXT",
                    "kafka.sasl.mechanism", "PLAIN",
                    "kafka.sasl.jaas-config", jaas)));

    assertThat(security.clientProperties()).containsEntry("sasl.jaas.config", jaas);
  }

  @Test
  void saslWithoutCredentialsOrAnUnknownProtocolIsAClearConfigError() {
    assertThatThrownBy(
            () -> KafkaSecurity.from(settings(Map.of("kafka.security.protocol", "SASL_SSL"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("needs kafka.sasl.username and kafka.sasl.password");
    assertThatThrownBy(() -> KafkaSecurity.from(settings(Map.of("kafka.security.protocol", "TLS"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.security.protocol must be one of");
  }

  @Test
  void noSecurityRecordShowsItsSecretsWhenPrinted() {
    Settings secured =
        settings(
            Map.of(
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.username", "iot_api",
                "kafka.sasl.password", "kafka-secret-1",
                "kafka.ssl.truststore.location", "/s/t.p12",
                "kafka.ssl.truststore.password", "trust-secret-2",
                "cassandra.username", "iot_api",
                "cassandra.password", "cassandra-secret-3",
                "cassandra.ssl", "true",
                "cassandra.ssl.truststore.path", "/s/t.p12",
                "cassandra.ssl.truststore.password", "trust-secret-4"));

    String printed = KafkaSettings.from(secured) + " " + CassandraSettings.from(secured).toString();

    assertThat(printed)
        .contains("iot_api", "SASL_SSL")
        .doesNotContain("kafka-secret-1", "trust-secret-2", "cassandra-secret-3", "trust-secret-4");
  }

  @Test
  void describeMasksEverySecretButSaysWhetherItIsSet() {
    Map<String, String> described =
        settings(Map.of("cassandra.password", "hunter2", "api.token", "tok3n")).describe();

    assertThat(described.get("cassandra.password")).startsWith("******** (set)");
    assertThat(described.get("api.token")).startsWith("******** (set)");
    assertThat(described.get("kafka.sasl.password")).startsWith("(not set)");
    assertThat(described.get("cassandra.username")).doesNotContain("*");
    assertThat(String.join(" ", described.values())).doesNotContain("hunter2", "tok3n");
  }

  @Test
  void cassandraCredentialsNeedAPassword() {
    assertThatThrownBy(() -> CassandraSecurity.from(settings(Map.of("cassandra.username", "x"))))
        .isInstanceOf(ConfigException.class)
        .hasMessage("cassandra.username is set but cassandra.password is empty");
  }
}
