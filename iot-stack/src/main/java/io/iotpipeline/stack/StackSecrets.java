package io.iotpipeline.stack;

import io.iotpipeline.config.StackSettings;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The secrets of a secure local stack, made once under {@code <data-dir>/secrets/} (directory 0700,
 * files 0600): a local certificate authority ({@code ca.pem} for non-Java clients, {@code
 * truststore.p12} for Java ones), one PKCS12 keystore per node whose certificate names the node's
 * address, a generated password per principal, and one settings file per component ({@code
 * <component>.properties}) with exactly the keys that component needs to connect.
 *
 * <p>Certificates are made with the JDK's keytool; store passwords reach it through its environment
 * ({@code -storepass:env}), never its command line.
 */
public final class StackSecrets {

  /** The components that get credentials of their own, and the principal each logs in as. */
  public static final Map<String, String> PRINCIPALS =
      orderedMap(
          "admin", "iot_admin",
          "simulator", "iot_simulator",
          "ingest", "iot_ingest",
          "analytics", "iot_analytics",
          "api", "iot_api");

  /** The broker-to-controller login (PLAIN on the controller listener, see KafkaService). */
  static final String CONTROLLER_PRINCIPAL = "iot_controller";

  private static final String PASSWORDS_FILE = "stack-passwords.properties";
  private static final String CA_KEYSTORE = "ca.p12";
  private static final String CA_PEM = "ca.pem";
  private static final String TRUSTSTORE = "truststore.p12";
  private static final String STORE_PASSWORD_ENV = "IOT_STORE_PASSWORD";
  private static final String CA_PASSWORD_ENV = "IOT_CA_PASSWORD";

  private final StackSettings settings;
  private final Path directory;
  private final Map<String, String> passwords;

  private StackSecrets(StackSettings settings, Map<String, String> passwords) {
    this.settings = settings;
    this.directory = settings.secretsDir();
    this.passwords = Map.copyOf(passwords);
  }

  /** The secrets of the stack in the settings' data dir, made first if they do not exist yet. */
  public static StackSecrets prepare(StackSettings settings) {
    Path directory = settings.secretsDir();
    try {
      createPrivateDirectory(directory);
      Map<String, String> passwords = loadOrCreatePasswords(directory.resolve(PASSWORDS_FILE));
      StackSecrets secrets = new StackSecrets(settings, passwords);
      secrets.makeCertificates();
      for (String component : PRINCIPALS.keySet()) {
        secrets.writeComponentSettings(component);
      }
      return secrets;
    } catch (IOException e) {
      throw new StackException(
          "cannot prepare the secure stack's secrets in " + directory + ": " + e.getMessage(), e);
    }
  }

  /** {@link #prepare} on first use, once. */
  public static Supplier<StackSecrets> lazy(StackSettings settings) {
    return new Supplier<>() {
      private StackSecrets prepared;

      @Override
      public synchronized StackSecrets get() {
        if (prepared == null) {
          prepared = prepare(settings);
        }
        return prepared;
      }
    };
  }

  public Path directory() {
    return directory;
  }

  public Path caPem() {
    return directory.resolve(CA_PEM);
  }

  public Path truststore() {
    return directory.resolve(TRUSTSTORE);
  }

  /** The password of every keystore and of the truststore. */
  String storePassword() {
    return passwords.get("store");
  }

  Path nodeKeystore(int node) {
    return directory.resolve("node-" + node + ".p12");
  }

  /** The password of a principal ({@link #PRINCIPALS} values, or the controller's). */
  String password(String principal) {
    String password = passwords.get(principal);
    if (password == null) {
      throw new IllegalArgumentException("no such principal: " + principal);
    }
    return password;
  }

  /** The token the API requires in secure mode. */
  String apiToken() {
    return passwords.get("api-token");
  }

  /** The settings file of a component: what ./iot reads for it on this stack. */
  public Path componentSettings(String component) {
    return directory.resolve(component + ".properties");
  }

  /** The settings keys (and values) a component needs to connect to this stack. */
  Map<String, String> componentValues(String component) {
    String principal = PRINCIPALS.get(component);
    Map<String, String> values = new LinkedHashMap<>();
    values.put("kafka.security.protocol", "SASL_SSL");
    values.put("kafka.sasl.mechanism", "SCRAM-SHA-512");
    values.put("kafka.sasl.username", principal);
    values.put("kafka.sasl.password", password(principal));
    values.put("kafka.ssl.truststore.location", truststore().toString());
    values.put("kafka.ssl.truststore.password", storePassword());
    values.put("kafka.ssl.truststore.type", "PKCS12");
    if (!component.equals("simulator")) {
      // The simulator only produces to Kafka; every other component reads or writes Cassandra.
      values.put("cassandra.username", principal);
      values.put("cassandra.password", password(principal));
      values.put("cassandra.ssl", "true");
      values.put("cassandra.ssl.truststore.path", truststore().toString());
      values.put("cassandra.ssl.truststore.password", storePassword());
    }
    if (component.equals("api") || component.equals("admin")) {
      // The API requires it; the admin's tools (status, bench) call the API with it.
      values.put("api.token", apiToken());
    }
    return values;
  }

  private void writeComponentSettings(String component) throws IOException {
    Properties properties = new Properties();
    properties.putAll(componentValues(component));
    writePrivate(
        componentSettings(component),
        properties,
        "Settings of the "
            + component
            + " component on the secure local stack in "
            + settings.dataDir()
            + "; ./iot reads this by itself. Use with --config elsewhere.");
  }

  private static Map<String, String> loadOrCreatePasswords(Path file) throws IOException {
    Properties properties = new Properties();
    if (Files.exists(file)) {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(in);
      }
    }
    boolean changed = false;
    List<String> names = new ArrayList<>(PRINCIPALS.values());
    names.add(CONTROLLER_PRINCIPAL);
    names.add("store");
    names.add("ca");
    names.add("api-token");
    for (String name : names) {
      if (properties.getProperty(name) == null) {
        properties.setProperty(name, newPassword());
        changed = true;
      }
    }
    if (changed) {
      writePrivate(
          file, properties, "Generated passwords of the secure local stack; keep private.");
    }
    Map<String, String> passwords = new LinkedHashMap<>();
    properties
        .stringPropertyNames()
        .forEach(name -> passwords.put(name, properties.getProperty(name)));
    return passwords;
  }

  /** 24 random bytes, base64url: 192 bits, no character that needs quoting anywhere. */
  static String newPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private void makeCertificates() throws IOException {
    Path caKeystore = directory.resolve(CA_KEYSTORE);
    if (!Files.exists(caKeystore)) {
      keytool(
          "-genkeypair",
          "-alias",
          "ca",
          "-keyalg",
          "RSA",
          "-keysize",
          "2048",
          "-dname",
          "CN=iot-pipeline local CA",
          "-ext",
          "bc:c",
          "-validity",
          "3650",
          "-keystore",
          caKeystore.toString(),
          "-storetype",
          "PKCS12",
          "-storepass:env",
          CA_PASSWORD_ENV);
    }
    if (!Files.exists(caPem())) {
      keytool(
          "-exportcert",
          "-rfc",
          "-alias",
          "ca",
          "-keystore",
          caKeystore.toString(),
          "-storepass:env",
          CA_PASSWORD_ENV,
          "-file",
          caPem().toString());
    }
    if (!Files.exists(truststore())) {
      keytool(
          "-importcert",
          "-noprompt",
          "-alias",
          "ca",
          "-file",
          caPem().toString(),
          "-keystore",
          truststore().toString(),
          "-storetype",
          "PKCS12",
          "-storepass:env",
          STORE_PASSWORD_ENV);
    }
    for (int node = 1; node <= settings.nodes(); node++) {
      if (!Files.exists(nodeKeystore(node))) {
        makeNodeKeystore(node, caKeystore);
      }
    }
    restrict(directory);
  }

  /**
   * A key pair for node {@code node}, its certificate signed by the CA and naming the node's
   * address (clients verify it: Kafka by default, the driver with hostname validation).
   */
  private void makeNodeKeystore(int node, Path caKeystore) throws IOException {
    String address = StackSettings.nodeAddress(node);
    Path keystore = nodeKeystore(node);
    Path request = directory.resolve("node-" + node + ".csr");
    Path certificate = directory.resolve("node-" + node + ".crt");
    Path partial = directory.resolve("node-" + node + ".p12.partial");
    Files.deleteIfExists(partial);
    keytool(
        "-genkeypair",
        "-alias",
        "node",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=" + address + ", OU=iot-pipeline",
        "-validity",
        "3650",
        "-ext",
        "SAN=IP:" + address,
        "-keystore",
        partial.toString(),
        "-storetype",
        "PKCS12",
        "-storepass:env",
        STORE_PASSWORD_ENV);
    keytool(
        "-certreq",
        "-alias",
        "node",
        "-keystore",
        partial.toString(),
        "-storepass:env",
        STORE_PASSWORD_ENV,
        "-file",
        request.toString());
    keytool(
        "-gencert",
        "-rfc",
        "-alias",
        "ca",
        "-keystore",
        caKeystore.toString(),
        "-storepass:env",
        CA_PASSWORD_ENV,
        "-infile",
        request.toString(),
        "-outfile",
        certificate.toString(),
        "-validity",
        "3650",
        "-ext",
        "SAN=IP:" + address,
        "-ext",
        "KU=digitalSignature,keyEncipherment",
        "-ext",
        "EKU=serverAuth,clientAuth");
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "ca",
        "-file",
        caPem().toString(),
        "-keystore",
        partial.toString(),
        "-storepass:env",
        STORE_PASSWORD_ENV);
    keytool(
        "-importcert",
        "-alias",
        "node",
        "-file",
        certificate.toString(),
        "-keystore",
        partial.toString(),
        "-storepass:env",
        STORE_PASSWORD_ENV);
    Files.delete(request);
    Files.move(partial, keystore);
  }

  private void keytool(String... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put(STORE_PASSWORD_ENV, storePassword());
    builder.environment().put(CA_PASSWORD_ENV, passwords.get("ca"));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new StackException(
            "keytool " + arguments[0] + " failed in " + directory + ": " + output.strip());
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while making the stack's certificates");
    }
  }

  private static void createPrivateDirectory(Path directory) throws IOException {
    Files.createDirectories(directory);
    if (StackFiles.posix()) {
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /** Every file of the directory readable by its owner only. */
  private static void restrict(Path directory) throws IOException {
    if (!StackFiles.posix()) {
      return;
    }
    try (var files = Files.list(directory)) {
      for (Path file : files.toList()) {
        if (Files.isRegularFile(file)) {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
      }
    }
  }

  private static void writePrivate(Path file, Properties properties, String comment)
      throws IOException {
    StringWriter content = new StringWriter();
    properties.store(content, comment);
    StackFiles.writePrivate(file, content.toString());
  }

  private static Map<String, String> orderedMap(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }
}
