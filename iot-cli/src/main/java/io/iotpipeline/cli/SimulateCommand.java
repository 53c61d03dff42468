package io.iotpipeline.cli;

import io.iotpipeline.clients.jobs.RunningJobs;
import io.iotpipeline.clients.schema.KafkaTopics;
import io.iotpipeline.config.Durations;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import io.iotpipeline.process.StopSignal;
import io.iotpipeline.simulator.DeliveryFaultRates;
import io.iotpipeline.simulator.EventTimes;
import io.iotpipeline.simulator.FaultRates;
import io.iotpipeline.simulator.FleetSimulator;
import io.iotpipeline.simulator.KafkaReadingSink;
import io.iotpipeline.simulator.LabelFile;
import io.iotpipeline.simulator.RateLimiter;
import io.iotpipeline.simulator.SimulationOptions;
import io.iotpipeline.simulator.SimulationStats;
import io.iotpipeline.simulator.SinkFailedException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code iot simulate}: the sensor fleet, publishing to Kafka. Wiring only; see docs/simulator.md.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Simulate a sensor fleet publishing readings to Kafka (topic kafka.topic, key = "
          + "sensor id) and ground-truth fault labels to kafka.truth-topic.",
      "Event time: sensor i reports at start + k*interval (+ a stagger); --rate paces the wall "
          + "clock (default: real time x --speedup). Stops at --count, at the end of --duration "
          + "or --backfill, or on Ctrl-C. See docs/simulator.md."
    })
public final class SimulateCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Option(
      names = "--sensors",
      defaultValue = "1000",
      paramLabel = "N",
      description = "Fleet size; ids 1..N (default 1000).")
  int sensors;

  @Option(
      names = "--interval",
      defaultValue = "1s",
      paramLabel = "D",
      description = "Event time between two readings of one sensor (default 1s; min 1ms).")
  String interval;

  @Option(
      names = "--rate",
      paramLabel = "R",
      description =
          "Readings per second of wall clock; 0 = as fast as possible. Default: real time "
              + "x speedup, i.e. sensors / interval x speedup.")
  Double rate;

  @Option(
      names = "--speedup",
      paramLabel = "X",
      description =
          "Simulated time runs X times faster than the wall clock (default 1; not with --rate).")
  Double speedup;

  @Option(
      names = "--count",
      paramLabel = "N",
      description = "Stop after exactly N distinct readings.")
  Long count;

  @Option(
      names = "--duration",
      paramLabel = "D",
      description =
          "Stop at start + D of event time (e.g. 10m, 2h; at real-time pace this is also wall time).")
  String duration;

  @Option(
      names = "--start",
      paramLabel = "TIME",
      description =
          "Event time of the first reading: ISO instant, YYYY-MM-DD, epoch seconds, now, now-2h (default now).")
  String start;

  @Option(
      names = "--backfill",
      paramLabel = "FROM..TO",
      description =
          "Generate the event-time range FROM..TO (e.g. now-1d..now) as fast as possible (unless --rate).")
  String backfill;

  @Option(
      names = "--seed",
      defaultValue = "1",
      paramLabel = "SEED",
      description = "Seeds layout, noise and faults (default 1).")
  long seed;

  @Option(
      names = "--spike-rate",
      paramLabel = "P",
      description = "Chance per reading that a spike starts (fraction or %%, default 0.05%%).")
  String spikeRate;

  @Option(
      names = "--stuck-rate",
      paramLabel = "P",
      description = "Same for stuck values (default 0.01%%).")
  String stuckRate;

  @Option(
      names = "--dropout-rate",
      paramLabel = "P",
      description = "Same for dropouts (default 0.01%%).")
  String dropoutRate;

  @Option(
      names = "--drift-rate",
      paramLabel = "P",
      description = "Same for calibration drift (default 0.002%%).")
  String driftRate;

  @Option(
      names = "--no-faults",
      description = "No sensor faults and no delivery faults: clean data.")
  boolean noFaults;

  @Option(
      names = "--duplicate-rate",
      paramLabel = "P",
      description = "Fraction of readings sent twice, identical bytes (default 0.1%%).")
  String duplicateRate;

  @Option(
      names = "--late-rate",
      paramLabel = "P",
      description = "Fraction of readings held back and sent out of order (default 0.1%%).")
  String lateRate;

  @Option(
      names = "--max-lateness",
      defaultValue = "30s",
      paramLabel = "D",
      description = "How far behind (event time) a late reading can arrive (default 30s).")
  String maxLateness;

  @Option(
      names = "--truth-file",
      paramLabel = "FILE",
      description = "Also write truth labels to this JSONL file (besides the truth topic).")
  Path truthFile;

  private final Clock clock = Clock.systemUTC();
  private RunningJobs.Registration registration;

  @Override
  public Integer call() {
    Settings settings = global.loadAs("simulator");
    SimulationOptions options = options();
    KafkaSettings kafka = KafkaSettings.from(settings);
    // Topics get the pipeline's partitioning before the first send, never the broker's default.
    KafkaTopics.ensure(
        kafka,
        List.of(
            new NewTopic(kafka.topic(), kafka.partitions(), kafka.replicationFactor()),
            new NewTopic(kafka.truthTopic(), 1, kafka.replicationFactor())));
    try (RunningJobs.Registration job = Jobs.register(settings, "simulate")) {
      registration = job;
      return run(options, kafka);
    }
  }

  private int run(SimulationOptions options, KafkaSettings kafka) {
    SimulationStats stats = new SimulationStats();
    System.out.printf(
        "Simulating %d sensors from %s, %s, seed %d -> %s (truth: %s)%n",
        options.sensors(),
        options.start(),
        describePace(options),
        options.seed(),
        kafka.topic(),
        kafka.truthTopic());
    long began = System.nanoTime();
    // Closed only once the summary is out: a Ctrl-C stops the fleet, then waits for that.
    try (StopSignal ctrlC = StopSignal.install("simulate")) {
      SimulationStats.Snapshot summary = simulate(options, kafka, stats, ctrlC, began);
      SimulateProgress.printSummary(summary, began);
      return summary.errors() == 0 ? 0 : 1;
    }
  }

  private SimulationStats.Snapshot simulate(
      SimulationOptions options,
      KafkaSettings kafka,
      SimulationStats stats,
      StopSignal ctrlC,
      long began) {
    LabelFile truth = openTruthFile();
    try (KafkaReadingSink sink = new KafkaReadingSink(kafka, stats);
        FleetSimulator simulator =
            new FleetSimulator(
                options,
                sink,
                truth == null ? sink : truth.and(sink),
                options.readingsPerSecond() == 0
                    ? RateLimiter.unlimited()
                    : RateLimiter.system(options.readingsPerSecond()),
                stats)) {
      ctrlC.onStop(simulator::stop);
      try (SimulateProgress progress =
          SimulateProgress.create(stats, began, registration).start()) {
        return simulator.run();
      } catch (SinkFailedException e) {
        SimulateProgress.printSummary(stats.snapshot(), began);
        throw new UserFacingException(
            e.getMessage() + " (is Kafka up at " + kafka.bootstrap() + "? try ./iot stack status)",
            e);
      }
    } finally {
      if (truth != null) {
        truth.close();
      }
    }
  }

  private LabelFile openTruthFile() {
    try {
      return truthFile == null ? null : new LabelFile(truthFile);
    } catch (IOException e) {
      throw new UserFacingException(
          "cannot write truth file " + truthFile + ": " + e.getMessage(), e);
    }
  }

  private SimulationOptions options() {
    try {
      Instant now = clock.instant();
      Duration step = Durations.parse(interval);
      Instant first = start == null ? now : EventTimes.parse(start, now);
      Instant end = null;
      Double pace = rate;
      if (backfill != null) {
        if (start != null || duration != null) {
          throw new UserFacingException(
              "--backfill sets the start and end: drop --start/--duration");
        }
        EventTimes.Range range = EventTimes.parseRange(backfill, now);
        first = range.from();
        end = range.to();
        pace = rate == null ? Double.valueOf(0) : rate;
      } else if (duration != null) {
        end = first.plus(Durations.parse(duration));
      }
      if (rate != null && speedup != null) {
        throw new UserFacingException("give --rate or --speedup, not both");
      }
      long limit = count == null ? 0 : count;
      return new SimulationOptions(
          sensors,
          step,
          first,
          end,
          limit,
          seed,
          SimulationOptions.pacedRate(pace, speedup, sensors, step),
          faultRates(),
          deliveryRates());
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(e.getMessage(), e);
    }
  }

  private FaultRates faultRates() {
    if (noFaults) {
      return FaultRates.NONE;
    }
    FaultRates defaults = FaultRates.DEFAULT;
    return new FaultRates(
        fraction(spikeRate, defaults.spike()),
        fraction(stuckRate, defaults.stuck()),
        fraction(dropoutRate, defaults.dropout()),
        fraction(driftRate, defaults.drift()));
  }

  private DeliveryFaultRates deliveryRates() {
    if (noFaults) {
      return DeliveryFaultRates.NONE;
    }
    DeliveryFaultRates defaults = DeliveryFaultRates.DEFAULT;
    return new DeliveryFaultRates(
        fraction(duplicateRate, defaults.duplicate()),
        fraction(lateRate, defaults.late()),
        Durations.parse(maxLateness));
  }

  private static double fraction(String text, double fallback) {
    return text == null ? fallback : EventTimes.parseFraction(text);
  }

  private static String describePace(SimulationOptions options) {
    if (options.readingsPerSecond() == 0) {
      return "as fast as possible";
    }
    return String.format(
        Locale.ROOT,
        "%,.0f readings/s (%.3gx real time)",
        options.readingsPerSecond(),
        options.speedup());
  }
}
