package io.iotpipeline.stack.spark;

import io.iotpipeline.config.ConfigException;
import java.util.List;

/**
 * Which Spark job to run and how: AnalyticsMain's job name and job arguments (settings travel
 * apart, in the settings file), where Spark runs and the driver's heap.
 *
 * @param job {@code stream}, {@code batch}, {@code bench} or {@code sql}
 * @param arguments the job's own options, e.g. {@code --checkpoint-dir DIR}
 * @param master {@code local[*]}, {@code local[N]} or {@code spark://HOST:PORT}
 * @param jars jars for a cluster's executors; null means the job jar on a spark:// master
 * @param driverMemory heap of the driver JVM, e.g. {@code 1g}
 */
public record SparkJobSpec(
    String job, List<String> arguments, String master, String jars, String driverMemory) {

  public static final String DEFAULT_MASTER = "local[*]";
  public static final String DEFAULT_DRIVER_MEMORY = "1g";

  public SparkJobSpec {
    arguments = List.copyOf(arguments);
    if (!List.of("stream", "batch", "bench", "sql").contains(job)) {
      throw new ConfigException("no Spark job named '" + job + "'");
    }
    if (driverMemory == null || !driverMemory.matches("\\d+[kKmMgG]")) {
      throw new ConfigException(
          "--driver-memory looks like 512m or 2g, got '" + driverMemory + "'");
    }
  }

  /** A job on {@code local[*]} with the default driver heap. */
  public static SparkJobSpec local(String job, List<String> arguments) {
    return new SparkJobSpec(job, arguments, DEFAULT_MASTER, null, DEFAULT_DRIVER_MEMORY);
  }

  public SparkJobSpec withDriverMemory(String newDriverMemory) {
    return new SparkJobSpec(job, arguments, master, jars, newDriverMemory);
  }

  /** What {@code ./iot status} and the child's marker call it, e.g. {@code analytics-stream}. */
  public String name() {
    return "analytics-" + job;
  }
}
