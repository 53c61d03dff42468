package io.iotpipeline.simulator;

import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Seeded fault episodes per sensor, applied to clean samples, with a {@link FaultLabel} emitted for
 * every episode. A healthy sensor draws once per reading slot whether a fault starts; an episode
 * then lasts a drawn number of slots:
 *
 * <ul>
 *   <li>spike: 1-3 slots, temperature off by 6-15 degrees (either sign);
 *   <li>stuck: 30-300 slots, both values frozen at the last emitted reading;
 *   <li>dropout: 30-600 slots of silence;
 *   <li>drift: 300-1800 slots, temperature offset growing linearly to 3-8 degrees (either sign).
 * </ul>
 *
 * <p>State lives in arrays indexed by sensor position, not objects, because this runs for every
 * reading on the simulator's hot path. Not thread-safe: one generation thread owns it.
 */
final class FaultInjector {

  private static final byte HEALTHY = -1;
  private static final FaultKind[] KINDS = FaultKind.values();

  private final FaultRates rates;
  private final SplittableRandom random;
  private final LabelSink labels;
  private final int[] sensorIds;

  private final byte[] kind;
  private final int[] length;
  private final int[] affected;
  private final long[] firstMillis;
  private final long[] lastMillis;
  private final double[] magnitude;
  private final double[] lastTemperature;
  private final double[] lastHumidity;
  private final boolean[] hasLast;
  private final long[] episodes = new long[KINDS.length];
  private final AtomicLong started;

  FaultInjector(
      int[] sensorIds, FaultRates rates, long seed, LabelSink labels, AtomicLong started) {
    this.started = started;
    this.rates = rates;
    this.random = new SplittableRandom(seed);
    this.labels = labels;
    this.sensorIds = sensorIds.clone();
    int sensors = sensorIds.length;
    kind = new byte[sensors];
    Arrays.fill(kind, HEALTHY);
    length = new int[sensors];
    affected = new int[sensors];
    firstMillis = new long[sensors];
    lastMillis = new long[sensors];
    magnitude = new double[sensors];
    lastTemperature = new double[sensors];
    lastHumidity = new double[sensors];
    hasLast = new boolean[sensors];
  }

  /**
   * Applies the sensor's current fault (possibly starting one) to {@code sample}.
   *
   * @return false when the slot stays silent (dropout)
   */
  boolean apply(int index, long epochMillis, Sample sample) {
    if (kind[index] == HEALTHY && rates.total() > 0) {
      maybeStart(index, epochMillis, sample);
    }
    if (kind[index] == HEALTHY) {
      remember(index, sample);
      return true;
    }
    affected[index]++;
    lastMillis[index] = epochMillis;
    boolean emit = true;
    switch (KINDS[kind[index]]) {
      case SPIKE ->
          sample.temperature = SignalModel.clampTemperature(sample.temperature + magnitude[index]);
      case STUCK -> {
        sample.temperature = lastTemperature[index];
        sample.humidity = lastHumidity[index];
      }
      case DROPOUT -> emit = false;
      case DRIFT ->
          sample.temperature =
              SignalModel.clampTemperature(
                  sample.temperature + magnitude[index] * affected[index] / length[index]);
    }
    if (affected[index] == length[index]) {
      close(index);
    }
    if (emit) {
      remember(index, sample);
    }
    return emit;
  }

  /** Labels the episodes still open (a run stopped in the middle of them). */
  void finish() {
    for (int index = 0; index < kind.length; index++) {
      if (kind[index] != HEALTHY) {
        close(index);
      }
    }
  }

  /** Episodes of one kind started so far. */
  long episodes(FaultKind faultKind) {
    return episodes[faultKind.ordinal()];
  }

  private void maybeStart(int index, long epochMillis, Sample sample) {
    double draw = random.nextDouble();
    double threshold = 0;
    for (FaultKind candidate : KINDS) {
      threshold += rates.rate(candidate);
      if (draw < threshold) {
        start(index, candidate, epochMillis, sample);
        return;
      }
    }
  }

  private void start(int index, FaultKind fault, long epochMillis, Sample sample) {
    kind[index] = (byte) fault.ordinal();
    affected[index] = 0;
    firstMillis[index] = epochMillis;
    episodes[fault.ordinal()]++;
    started.incrementAndGet();
    double sign = random.nextBoolean() ? 1 : -1;
    switch (fault) {
      case SPIKE -> {
        length[index] = random.nextInt(1, 4);
        magnitude[index] = sign * random.nextDouble(6, 15);
      }
      case STUCK -> {
        length[index] = random.nextInt(30, 301);
        if (!hasLast[index]) {
          remember(index, sample);
        }
      }
      case DROPOUT -> length[index] = random.nextInt(30, 601);
      case DRIFT -> {
        length[index] = random.nextInt(300, 1801);
        magnitude[index] = sign * random.nextDouble(3, 8);
      }
    }
  }

  private void close(int index) {
    FaultKind fault = KINDS[kind[index]];
    kind[index] = HEALTHY;
    labels.label(
        new FaultLabel(
            sensorIds[index],
            fault,
            Instant.ofEpochMilli(firstMillis[index]),
            Instant.ofEpochMilli(lastMillis[index]),
            affected[index]));
  }

  private void remember(int index, Sample sample) {
    lastTemperature[index] = sample.temperature;
    lastHumidity[index] = sample.humidity;
    hasLast[index] = true;
  }
}
