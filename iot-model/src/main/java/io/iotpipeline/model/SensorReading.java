package io.iotpipeline.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One measurement of one sensor, as carried on the {@code iotdata} topic and stored in {@code
 * sensor_data}. The timestamp is the event time set by the device, at millisecond precision.
 *
 * @param sensorId the device id; also the Kafka message key, so one sensor stays in one partition
 * @param timestamp event time (millisecond precision)
 * @param temperature degrees Celsius
 * @param humidity relative humidity in percent
 * @param sequence per-sensor message counter starting at 0, or {@link #NO_SEQUENCE} when the
 *     producer does not send one (the original format); lets consumers see gaps
 * @param site the site the sensor belongs to, or null when unknown
 */
public record SensorReading(
    int sensorId,
    Instant timestamp,
    double temperature,
    double humidity,
    long sequence,
    String site) {

  public static final long NO_SEQUENCE = -1;
  public static final double MIN_TEMPERATURE = -80.0;
  public static final double MAX_TEMPERATURE = 150.0;
  public static final double MIN_HUMIDITY = 0.0;
  public static final double MAX_HUMIDITY = 100.0;

  public SensorReading {
    Objects.requireNonNull(timestamp, "timestamp");
    if (sensorId < 0) {
      throw new InvalidReadingException("sensor_id must be >= 0, got " + sensorId);
    }
    if (!(temperature >= MIN_TEMPERATURE && temperature <= MAX_TEMPERATURE)) {
      throw new InvalidReadingException(
          "temperature out of range ["
              + MIN_TEMPERATURE
              + ", "
              + MAX_TEMPERATURE
              + "]: "
              + temperature);
    }
    if (!(humidity >= MIN_HUMIDITY && humidity <= MAX_HUMIDITY)) {
      throw new InvalidReadingException(
          "humidity out of range [" + MIN_HUMIDITY + ", " + MAX_HUMIDITY + "]: " + humidity);
    }
    if (sequence < NO_SEQUENCE) {
      throw new InvalidReadingException("seq must be >= 0, got " + sequence);
    }
    // Cassandra timestamps hold milliseconds: truncating here makes equality match what is stored.
    long millis = timestamp.toEpochMilli();
    timestamp = Instant.ofEpochMilli(millis);
  }

  /** A reading in the original project's format: no sequence number, no site. */
  public static SensorReading of(
      int sensorId, Instant timestamp, double temperature, double humidity) {
    return new SensorReading(sensorId, timestamp, temperature, humidity, NO_SEQUENCE, null);
  }

  /** The UTC day of the event time: the second half of the {@code sensor_data} partition key. */
  public LocalDate day() {
    return SensorDay.utcDay(timestamp);
  }

  public boolean hasSequence() {
    return sequence != NO_SEQUENCE;
  }
}
