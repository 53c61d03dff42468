package io.iotpipeline.bench;

import io.iotpipeline.bench.analytics.AnalyticsSection;
import io.iotpipeline.bench.api.ApiSection;
import io.iotpipeline.bench.cluster.ClusterSection;
import io.iotpipeline.bench.gateway.GatewaySection;
import io.iotpipeline.bench.ingest.IngestSection;
import io.iotpipeline.bench.secure.SecureSection;
import io.iotpipeline.bench.simulator.SimulatorSection;
import io.iotpipeline.bench.stream.StreamSection;
import io.iotpipeline.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./iot bench}: runs the chosen sections in order and gathers their figures, after the
 * machine's, into one map whose JSON form ({@link #toJson}) is the line the command ends with.
 */
public final class PipelineBenchmark {

  private final List<Section> sections;
  private final boolean quick;

  /**
   * @param quick shorter phases (about a minute in all) for a smoke test
   */
  public PipelineBenchmark(List<Section> sections, boolean quick) {
    this.sections = List.copyOf(sections);
    this.quick = quick;
  }

  /**
   * Every section, in the order they run: simulator, ingest, analytics, stream, api.
   *
   * @param rollupRows readings the analytics section rolls up; null for its default
   * @param iotMainClass the {@code iot} command's main class: the API section runs the simulator,
   *     ingester and API server as {@code iot} child processes
   */
  public static List<Section> standardSections(Long rollupRows, String iotMainClass) {
    return List.of(
        new SimulatorSection(),
        new IngestSection(),
        new AnalyticsSection(rollupRows),
        new StreamSection(),
        new ApiSection(iotMainClass),
        new ClusterSection(),
        new SecureSection(),
        new GatewaySection());
  }

  /**
   * Runs the sections named in {@code only} (when null, all but those that run only on request),
   * printing each one's progress.
   *
   * @return the machine's figures, then each section's, in order
   */
  public Map<String, Object> run(Settings settings, List<String> only) throws Exception {
    Map<String, Object> figures = machineFigures(quick);
    for (Section section : sections) {
      boolean named = only != null && only.contains(section.name());
      if (!named && (only != null || section.onRequestOnly())) {
        continue;
      }
      System.out.println("== " + section.name() + " ==");
      figures.putAll(section.run(settings, quick));
    }
    return figures;
  }

  /** What the figures were measured on. */
  static Map<String, Object> machineFigures(boolean quick) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("cores", Runtime.getRuntime().availableProcessors());
    figures.put("memory_gib", memoryGib());
    figures.put(
        "java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    figures.put("quick", quick);
    return figures;
  }

  /** Physical memory from /proc/meminfo (Linux); 0 when unknown. */
  private static long memoryGib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Math.round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: unknown
    }
    return 0;
  }

  /**
   * One line, {@code {"key": value, ...}} in the map's order: numbers and booleans bare, anything
   * else a string. Hand-written so the spacing stays what BENCHMARKS.md and scripts have seen.
   */
  public static String toJson(Map<String, Object> figures) {
    StringBuilder json = new StringBuilder("{");
    figures.forEach(
        (key, value) -> {
          if (json.length() > 1) {
            json.append(", ");
          }
          json.append('"').append(key).append("\": ");
          if (value instanceof Number || value instanceof Boolean) {
            json.append(value);
          } else {
            json.append('"')
                .append(String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\""))
                .append('"');
          }
        });
    return json.append('}').toString();
  }
}
