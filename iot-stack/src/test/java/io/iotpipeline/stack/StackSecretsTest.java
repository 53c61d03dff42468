package io.iotpipeline.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import io.iotpipeline.config.StackSettings;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secure stack's generated material, made with keytool into a temporary data dir. */
class StackSecretsTest {

  @TempDir Path dataDir;

  private StackSettings settings(int nodes) {
    return StackSettings.from(
        Settings.defaults()
            .with(
                Map.of(
                    "data-dir", dataDir.toString(),
                    "stack.nodes", Integer.toString(nodes),
                    "stack.security", "on")));
  }

  @Test
  void eachNodeHasACertificateForItsAddressSignedByTheLocalCa() throws Exception {
    StackSecrets secrets = StackSecrets.prepare(settings(3));

    KeyStore trust = load(secrets.truststore(), secrets.storePassword());
    X509Certificate ca = (X509Certificate) trust.getCertificate("ca");
    assertThat(Files.readString(secrets.caPem())).startsWith("-----BEGIN CERTIFICATE-----");
    for (int node = 1; node <= 3; node++) {
      KeyStore keystore = load(secrets.nodeKeystore(node), secrets.storePassword());
      X509Certificate certificate = (X509Certificate) keystore.getCertificate("node");
      certificate.verify(ca.getPublicKey());
      assertThat(certificate.getSubjectAlternativeNames())
          .containsExactly(List.of(7, "127.0.0." + node));
      assertThat(keystore.isKeyEntry("node")).isTrue();
    }
  }

  @Test
  void everySecretFileIsOwnerOnlyAndTheSecondPrepareKeepsThePasswords() throws Exception {
    StackSecrets first = StackSecrets.prepare(settings(1));
    StackSecrets second = StackSecrets.prepare(settings(1));

    assertThat(second.password("iot_ingest")).isEqualTo(first.password("iot_ingest"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.directory())))
        .isEqualTo("rwx------");
    try (var files = Files.list(first.directory())) {
      assertThat(files.toList())
          .isNotEmpty()
          .allSatisfy(
              file ->
                  assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                      .as(file.toString())
                      .isEqualTo("rw-------"));
    }
  }

  @Test
  void eachComponentFileHoldsItsOwnLoginOnly() throws Exception {
    StackSecrets secrets = StackSecrets.prepare(settings(1));

    Properties ingest = read(secrets.componentSettings("ingest"));
    Properties simulator = read(secrets.componentSettings("simulator"));
    Properties api = read(secrets.componentSettings("api"));

    assertThat(ingest.getProperty("kafka.sasl.username")).isEqualTo("iot_ingest");
    assertThat(ingest.getProperty("cassandra.username")).isEqualTo("iot_ingest");
    assertThat(ingest.getProperty("kafka.sasl.password")).isEqualTo(secrets.password("iot_ingest"));
    assertThat(ingest).doesNotContainKey("api.token");
    assertThat(simulator).doesNotContainKeys("cassandra.username", "cassandra.password");
    assertThat(api.getProperty("api.token")).isEqualTo(secrets.apiToken()).hasSizeGreaterThan(20);
    assertThat(
            String.join(
                " ", ingest.stringPropertyNames().stream().map(ingest::getProperty).toList()))
        .doesNotContain(secrets.password("iot_admin"), secrets.password("iot_api"));
  }

  @Test
  void theApiPrincipalMayNotWriteAnyTopicAndOnlyTheSimulatorWritesReadings() {
    KafkaSettings kafka = KafkaSettings.from(Settings.defaults());

    List<AclBinding> acls = SecureAccess.kafkaAcls(kafka, "iot-ingest");

    assertThat(acls)
        .filteredOn(acl -> acl.entry().principal().equals("User:iot_api"))
        .isNotEmpty()
        .noneMatch(acl -> acl.entry().operation() == AclOperation.WRITE);
    assertThat(acls)
        .filteredOn(
            acl ->
                acl.pattern().resourceType() == ResourceType.TOPIC
                    && acl.pattern().name().equals("iotdata")
                    && acl.entry().operation() == AclOperation.WRITE)
        .extracting(acl -> acl.entry().principal())
        .containsExactly("User:iot_simulator");
  }

  private static KeyStore load(Path file, String password) throws Exception {
    KeyStore keystore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      keystore.load(in, password.toCharArray());
    }
    return keystore;
  }

  private static Properties read(Path file) throws Exception {
    Properties properties = new Properties();
    try (var in = Files.newBufferedReader(file)) {
      properties.load(in);
    }
    return properties;
  }
}
