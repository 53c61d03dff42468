package io.iotpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpipeline.bench.analytics.AnalyticsFiguresTest;
import io.iotpipeline.bench.api.ApiFiguresTest;
import io.iotpipeline.bench.ingest.IngestFiguresTest;
import io.iotpipeline.bench.simulator.SimulatorFiguresTest;
import io.iotpipeline.bench.stream.StreamSectionFiguresTest;
import io.iotpipeline.config.Settings;
import io.iotpipeline.testkit.CapturedOutput;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JSON line of {@code ./iot bench}, assembled from each section's real figure assembly. */
class PipelineBenchmarkTest {

  @RegisterExtension final CapturedOutput out = new CapturedOutput();

  /** A section that reports what {@code figures} assembles, without any service. */
  private static Section section(String name, Callable<Map<String, Object>> figures) {
    return section(name, false, figures);
  }

  private static Section section(
      String name, boolean onRequestOnly, Callable<Map<String, Object>> figures) {
    return new Section() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean onRequestOnly() {
        return onRequestOnly;
      }

      @Override
      public Map<String, Object> run(Settings settings, boolean quick) throws Exception {
        return figures.call();
      }
    };
  }

  private static List<Section> everySection() {
    return List.of(
        section("simulator", SimulatorFiguresTest::sampleFigures),
        section("ingest", IngestFiguresTest::sampleFigures),
        section("analytics", AnalyticsFiguresTest::sampleFigures),
        section("stream", StreamSectionFiguresTest::sampleFigures),
        section("api", ApiFiguresTest::sampleFigures));
  }

  private static List<String> keysOf(String jsonLine) throws Exception {
    List<String> keys = new ArrayList<>();
    Iterator<String> names = new ObjectMapper().readTree(jsonLine).fieldNames();
    names.forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void aFullRunsLineHasExactlyTheKeysOfBeforeTheMoveInTheirOrder() throws Exception {
    PipelineBenchmark benchmark = new PipelineBenchmark(everySection(), false);

    String line = PipelineBenchmark.toJson(benchmark.run(Settings.defaults(), null));

    assertThat(keysOf(line))
        .containsExactlyElementsOf(KeysBeforeTheMove.all())
        .containsExactlyElementsOf(keysOf(KeysBeforeTheMove.RUN_2_LINE));
  }

  @Test
  void theStandardSectionsRunInTheFormerOrder() {
    assertThat(PipelineBenchmark.standardSections(null, "io.example.Main"))
        .extracting(Section::name)
        .containsExactly(
            "simulator", "ingest", "analytics", "stream", "api", "cluster", "secure", "gateway");
  }

  @Test
  void aSectionOnRequestRunsOnlyWhenNamed() throws Exception {
    List<Section> sections = new ArrayList<>(everySection());
    sections.add(section("cluster", true, () -> Map.of("cluster_e2e_ratio", 0.7)));
    PipelineBenchmark benchmark = new PipelineBenchmark(sections, true);

    assertThat(benchmark.run(Settings.defaults(), null)).doesNotContainKey("cluster_e2e_ratio");
    assertThat(benchmark.run(Settings.defaults(), List.of("cluster")))
        .containsEntry("cluster_e2e_ratio", 0.7)
        .doesNotContainKey("e2e_ratio");
  }

  @Test
  void onlyTheNamedSectionsRunEachUnderAHeading() throws Exception {
    PipelineBenchmark benchmark = new PipelineBenchmark(everySection(), true);

    Map<String, Object> figures = benchmark.run(Settings.defaults(), List.of("ingest", "api"));

    List<String> expected = new ArrayList<>(KeysBeforeTheMove.MACHINE);
    expected.addAll(KeysBeforeTheMove.INGEST);
    expected.addAll(KeysBeforeTheMove.API);
    assertThat(figures.keySet()).containsExactlyElementsOf(expected);
    assertThat(figures).containsEntry("quick", true);
    assertThat(out.text())
        .isEqualTo("== ingest ==" + System.lineSeparator() + "== api ==" + System.lineSeparator());
  }

  @Test
  void theLineSpellsNumbersAndBooleansBareAndEscapesStrings() {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("cores", 2);
    figures.put("java", "VM \"17\" \\ x");
    figures.put("quick", false);
    figures.put("e2e_ratio", 0.8);
    figures.put("e2e_rows", 3_000_000L);

    assertThat(PipelineBenchmark.toJson(figures))
        .isEqualTo(
            "{\"cores\": 2, \"java\": \"VM \\\"17\\\""
                + " \\\\ x\", \"quick\": false, \"e2e_ratio\": 0.8, \"e2e_rows\": 3000000}");
  }
}
