package io.iotpipeline.analytics.options;

import picocli.CommandLine.Option;

/** Where a job's Spark runs: options of both jobs, in AnalyticsMain and {@code ./iot analytics}. */
public final class SparkOptions {

  public static final String DEFAULT_MASTER = "local[*]";

  @Option(
      names = "--master",
      defaultValue = DEFAULT_MASTER,
      paramLabel = "URL",
      description = "local[*] (default), local[N] or spark://HOST:PORT of a standalone master.")
  String master = DEFAULT_MASTER;

  @Option(
      names = "--jars",
      paramLabel = "JAR[,JAR...]",
      description = "Jars executors need on a cluster (the job jar; see docs/analytics.md).")
  String jars;

  public String master() {
    return master;
  }

  /** The jars given, or null. */
  public String jars() {
    return jars;
  }
}
