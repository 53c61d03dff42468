package io.iotpipeline.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import io.iotpipeline.clients.schema.CassandraSessions;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.gateway.DeviceCredentials;
import io.iotpipeline.gateway.DeviceRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code iot devices add|list|revoke}: the gateway's device credentials. Wiring only. */
@Command(
    name = "devices",
    mixinStandardHelpOptions = true,
    description = {
      "Manage the devices the gateway accepts (Cassandra table devices). A device id is the "
          + "sensor id it sends for. See docs/gateway.md."
    },
    subcommands = {
      DevicesCommand.Add.class,
      DevicesCommand.ListDevices.class,
      DevicesCommand.Revoke.class
    })
public final class DevicesCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  private static DeviceRegistry registry(CqlSession session, CassandraSettings cassandra) {
    try {
      return new DeviceRegistry(
          session,
          cassandra.keyspace(),
          new DeviceCredentials(new SecureRandom()),
          Clock.systemUTC());
    } catch (InvalidQueryException e) {
      throw new UserFacingException(
          "no devices table in keyspace "
              + cassandra.keyspace()
              + " ("
              + e.getMessage()
              + "): bring the schema up to date with ./iot setup",
          e);
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Add a device with a new secret, printed once: it is stored only hashed and cannot be "
            + "shown again."
      })
  static final class Add implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Parameters(paramLabel = "ID", description = "The device id = its sensor id.")
    int deviceId;

    @Override
    public Integer call() {
      CassandraSettings cassandra = CassandraSettings.from(global.load());
      try (CqlSession session = CassandraSessions.open(cassandra)) {
        DeviceRegistry.Added added = registry(session, cassandra).add(deviceId);
        System.out.println("Device " + added.deviceId() + " added. Its secret (shown only now):");
        System.out.println();
        System.out.println("  " + added.secret());
        System.out.println();
        System.out.println(
            "MQTT: username "
                + added.deviceId()
                + ", password the secret, topic sensors/"
                + added.deviceId());
        System.out.println("HTTP: Authorization: Bearer " + added.deviceId() + ".<secret>");
        return 0;
      } catch (IllegalArgumentException e) {
        throw new UserFacingException(e.getMessage(), e);
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the devices.")
  static final class ListDevices implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Override
    public Integer call() {
      CassandraSettings cassandra = CassandraSettings.from(global.load());
      try (CqlSession session = CassandraSessions.open(cassandra)) {
        List<DeviceRegistry.Device> devices = registry(session, cassandra).list();
        System.out.printf("%-12s %-8s %-26s %s%n", "DEVICE", "STATE", "ADDED", "REVOKED");
        for (DeviceRegistry.Device device : devices) {
          System.out.printf(
              "%-12d %-8s %-26s %s%n",
              device.deviceId(),
              device.revoked() ? "revoked" : "active",
              device.createdAt(),
              device.revokedAt() == null ? "" : device.revokedAt());
        }
        System.out.println(devices.size() + " device(s)");
        return 0;
      }
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = {
        "Revoke a device: refused from then on, and a connected device is cut off within the "
            + "gateway's gateway.auth-cache period (default 10 s)."
      })
  static final class Revoke implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Parameters(paramLabel = "ID", description = "The device id.")
    int deviceId;

    @Override
    public Integer call() {
      CassandraSettings cassandra = CassandraSettings.from(global.load());
      try (CqlSession session = CassandraSessions.open(cassandra)) {
        if (!registry(session, cassandra).revoke(deviceId)) {
          throw new UserFacingException("no device " + deviceId);
        }
        System.out.println("Device " + deviceId + " revoked.");
        return 0;
      }
    }
  }
}
